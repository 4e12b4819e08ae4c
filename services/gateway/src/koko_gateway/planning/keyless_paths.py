"""Fields no key reaches: a field of a type without a usable `@key` in the subgraphs that resolve
it is fetched from the nearest enclosing entity (by that entity's key) or from a shared root
field, re-selecting the path in between in the other subgraph."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    GraphQLObjectType,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
)

from koko_gateway.planning.fetch_groups import FetchGroup
from koko_gateway.planning.nodes import SelectionTree
from koko_gateway.planning.query_graph import Provided, QueryGraph
from koko_gateway.planning.steps import Frame, PlanningSteps


def climb(
    planner: PlanningSteps,
    parent: GraphQLObjectType,
    key: str,
    nodes: list[FieldNode],
    candidates: list[str],
    path: tuple[str, ...],
    roots_only: bool = False,
) -> bool:
    """A field of a type without a usable key in the subgraphs that resolve it: fetch it
    from the nearest enclosing entity (by that entity's key) or from the root (a shared root
    field), re-selecting the fields in between in the other subgraph. `roots_only`: only from
    the root."""
    chain: list[Frame] = []
    for frame in reversed(planner.frames):
        chain.insert(0, frame)
        at_root = not frame.group.entity and not frame.path
        if roots_only and not at_root:
            continue
        for graph in candidates:
            if not all(_resolves(planner, graph, f.type.name, f.name) for f in chain):
                continue
            if at_root:
                if planner.is_mutation:
                    continue
                target = next((g for g in planner.roots if g.graph == graph), None)
                if target is None:
                    target = planner.new_group(graph, frame.type.name, (), entity=False)
                    planner.roots.append(target)
                dest = target.selection
            else:
                routing = planner.supergraph.routing(frame.type.name)
                keys = routing.keys_in(graph) if routing else []
                if not keys or not isinstance(frame.type, GraphQLObjectType):
                    continue
                target = _key_jump(planner, frame, graph, keys[0])
                dest = target.selection
            for step, below in zip(chain, [*(f.type for f in chain[1:]), parent], strict=True):
                dest = _reselect(planner, dest, step, below)
            planner.plan_field(target, parent, key, nodes, dest, path, None)
            return True
    return False


def no_key_reaches(
    planner: PlanningSteps,
    graph: str,
    parent: GraphQLObjectType,
    name: str,
    candidates: list[str],
    provided: Provided | None,
) -> bool:
    """No key leads from `graph` to a subgraph resolving the field: none of them has a
    resolvable key, or the type is a value type in `graph` and every key needs fields that only
    those subgraphs resolve (`Category.id` under a shared `Product.category`)."""
    routing = planner.supergraph.routing(parent.name)
    if routing is None or not any(routing.keys_in(g) for g in candidates):
        return True
    if routing.keys_in(graph):
        return False
    query_graph = planner.supergraph.query_graph
    assert isinstance(query_graph, QueryGraph)
    return query_graph.cheapest_entry(graph, parent, name, planner.labels, provided) is None


def reselect_from_root(
    planner: PlanningSteps,
    parent: GraphQLObjectType,
    key: str,
    nodes: list[FieldNode],
    candidates: list[str],
    path: tuple[str, ...],
) -> bool:
    """A field another subgraph resolves, under a root field that subgraph resolves too (a
    shared root field): select the root field there again, in a root fetch that runs in parallel,
    instead of jumping there by key after the first fetch (Apollo's plan for shared root
    fields). Only fields without @requires or contextual arguments in that subgraph."""
    if not planner.frames or planner.is_mutation:
        return False
    root_graph = planner.frames[0].group.graph
    routing = planner.supergraph.routing(parent.name)
    plain = []
    for graph in candidates:
        entry = routing.field_in(nodes[0].name.value, graph, planner.labels) if routing else None
        if graph != root_graph and (
            entry is None or (entry.requires is None and not entry.context_arguments)
        ):
            plain.append(graph)
    return bool(plain) and climb(planner, parent, key, nodes, plain, path, roots_only=True)


def _resolves(planner: PlanningSteps, graph: str, type_name: str, field_name: str) -> bool:
    routing = planner.supergraph.routing(type_name)
    return routing is None or graph in routing.field_graphs(field_name, planner.labels)


def _key_jump(
    planner: PlanningSteps, frame: Frame, graph: str, key_set: SelectionSetNode
) -> FetchGroup:
    group, dest, provided = frame.group, frame.dest, frame.provided
    # The frame's object is the entity an `_entities` fetch was sent: its key may be external
    # there, so jump from the fetch that sent it (a sibling fetch, as Apollo plans it).
    while group.entity and group.parent_type == frame.type.name and dest is group.selection:
        parent, parent_dest = group.parent, group.parent_dest
        if parent is None or parent_dest is None or group.merge_path != frame.path:
            break
        group, dest, provided = parent, parent_dest, group.parent_provided
    child = planner.child(group, graph, frame.type.name, frame.path, dest, provided)
    planner.send_key(group, child, frame.type, key_set, dest, frame.path, provided)
    return child


def _reselect(
    planner: PlanningSteps, dest: SelectionTree, frame: Frame, below: Any
) -> SelectionTree:
    """`frame`'s field selected again in `dest`; when it is abstract and the object below it is
    of one of its types, under that type's fragment (another subgraph may return other types
    there)."""
    selection = dest.add_field(frame.key, frame.name, frame.arguments, composite=True)
    assert selection.selection is not None
    field = frame.type.fields.get(frame.name)
    if field is None or not is_abstract_type(get_named_type(field.type)):
        return selection.selection
    selection.selection.add_typename()
    fragment = selection.selection.fragment(below.name)
    fragment.add_typename()
    return fragment
