"""What a composite field selects, planned into the fetch that resolves the field: an object
type's fields, or at an abstract position (interface, union) a fragment per concrete type the
subgraph can return there, so that every later entity jump knows the object's type."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLObjectType, get_named_type, is_abstract_type

from koko_gateway.planning.collect import sub_selections
from koko_gateway.planning.fetch_groups import FetchGroup
from koko_gateway.planning.field_types import narrowed_types
from koko_gateway.planning.interface_objects import plan_interface_object
from koko_gateway.planning.nodes import SelectionTree
from koko_gateway.planning.query_graph import Provided, provided_for
from koko_gateway.planning.shared_positions import members_in_every_alternative
from koko_gateway.planning.steps import PlanningSteps


def plan_selection(
    planner: PlanningSteps,
    group: FetchGroup,
    type_: Any,
    nodes: list[FieldNode],
    dest: SelectionTree,
    path: tuple[str, ...],
    provided: Provided | None,
    type_in_graph: str | None = None,
) -> None:
    """Plan what a composite field selects into `dest`: the fields of an object type, or at an
    abstract position `__typename` and a fragment per concrete type the subgraph can return there
    (`type_in_graph`: the field's type in that subgraph when narrower than in the API)."""
    named = get_named_type(type_)
    selection_sets = sub_selections(nodes)
    if isinstance(named, GraphQLObjectType):
        narrowed = provided_for(provided, named.name)
        for key, field_nodes in planner.collect(named, selection_sets).items():
            planner.plan_field(group, named, key, field_nodes, dest, path, narrowed)
        return
    if not is_abstract_type(named):
        return
    routing = planner.supergraph.routing(named.name)
    in_this_graph = routing.graphs.get(group.graph) if routing else None
    if in_this_graph is not None and in_this_graph.interface_object:
        plan_interface_object(planner, group, named, selection_sets, dest, path, provided)
        return
    # Abstract position: select per concrete type this subgraph can return, so every
    # later entity jump knows the object's type.
    dest.add_typename()
    possibles = planner.schema.get_possible_types(named)  # type: ignore[arg-type]
    if not possibles:  # an interface only interface objects implement: its own fields
        for key, field_nodes in planner.collect(named, selection_sets).items():  # type: ignore[arg-type]
            planner.plan_field(group, named, key, field_nodes, dest, path, provided)  # type: ignore[arg-type]
        return
    in_graph = routing.possible_in_graph.get(group.graph, set()) if routing else set()
    if type_in_graph is not None:
        in_graph = narrowed_types(planner, group.graph, named.name, type_in_graph, in_graph)
    allowed = members_in_every_alternative(planner, planner.frames, named.name, in_graph)
    for possible in possibles:
        if in_graph and possible.name not in allowed:
            continue
        fields = planner.collect(possible, selection_sets)
        if not fields:
            continue
        fragment = dest.fragment(possible.name)
        fragment.add_typename()
        narrowed = provided_for(provided, possible.name)
        for key, field_nodes in fields.items():
            planner.plan_field(group, possible, key, field_nodes, fragment, path, narrowed)
