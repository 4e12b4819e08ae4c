"""`@interfaceObject`: entity interfaces resolved in a subgraph that knows the interface only as
an object type. Concrete objects go there as `{__typename: <interface>, key}`, and `__typename`
and concrete types' fields come back from a subgraph that knows the implementations."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLObjectType, NameNode, SelectionSetNode

from koko_gateway.planning.fetch_groups import FetchGroup, PlanningError
from koko_gateway.planning.nodes import SelectionTree
from koko_gateway.planning.query_graph import Provided
from koko_gateway.planning.steps import PlanningSteps


def interface_object_of(planner: PlanningSteps, parent: Any, name: str) -> tuple[Any, str]:
    """The interface of `parent` and the graph whose @interfaceObject resolves `name`."""
    for interface in getattr(parent, "interfaces", ()):
        routing = planner.supergraph.routing(interface.name)
        for graph in routing.interface_object_graphs() if routing else ():
            if routing is not None and routing.field_in(name, graph, planner.labels) is not None:
                return interface, graph
    raise PlanningError(f"no subgraph resolves {parent.name}.{name}")


def add_interface_object_inputs(planner: PlanningSteps, child: FetchGroup) -> None:
    """An interface object's entity group is sent the interface's objects whatever their
    `__typename` (the interface's, or an implementation's once another fetch has told it)."""
    routing = planner.supergraph.routing(child.parent_type)
    in_graph = routing.graphs.get(child.graph) if routing else None
    interface = planner.schema.get_type(child.parent_type)
    if in_graph is None or not in_graph.interface_object or interface is None:
        return
    child.input_types.add(child.parent_type)
    child.input_types.update(t.name for t in planner.schema.get_possible_types(interface))  # type: ignore[arg-type]


def interface_object_group(
    planner: PlanningSteps,
    group: FetchGroup,
    parent: Any,
    interface: Any,
    graph: str,
    dest: SelectionTree,
    path: tuple[str, ...],
    provided: Provided | None,
) -> FetchGroup:
    """The entity group of the subgraph that knows `interface` only as an @interfaceObject:
    objects of the concrete `parent` type go there as `{__typename: <interface>, key}`."""
    routing = planner.supergraph.routing(interface.name)
    keys = routing.keys_in(graph) if routing else []
    if not keys:
        raise PlanningError(f"{interface.name} has no key in subgraph {graph}")
    child = planner.child(group, graph, interface.name, path, dest, provided)
    child.input_types.add(parent.name)
    planner.send_key(group, child, parent, keys[0], dest, path, provided, as_type=interface)
    return child


def plan_interface_object(
    planner: PlanningSteps,
    group: FetchGroup,
    interface: Any,
    selection_sets: list[SelectionSetNode],
    dest: SelectionTree,
    path: tuple[str, ...],
    provided: Provided | None,
) -> None:
    """An interface-typed position in a subgraph that has the interface as an object: the
    interface object's own fields are selected here; `__typename` and fields of concrete
    types come from a subgraph that knows the implementations, by the interface's key."""
    routing = planner.supergraph.routing(interface.name)
    assert routing is not None
    dest.add_typename()  # the interface's name: the shaper sees an interface object
    local: dict[str, list[FieldNode]] = {}
    remote: list[tuple[GraphQLObjectType, str, list[FieldNode]]] = []
    objects = set(routing.interface_object_graphs())
    # Without implementations in the API (only interface objects know the type), the
    # interface's own fields are all there is to select.
    possibles = planner.schema.get_possible_types(interface) or [interface]
    per_type = [(p, planner.collect(p, selection_sets)) for p in possibles]
    on_interface_only = planner.collect(interface, selection_sets)
    everywhere = set.intersection(*(set(c) for _, c in per_type)) if per_type else set()
    for possible, collected in per_type:
        for key, nodes in collected.items():
            name = nodes[0].name.value
            graphs = routing.field_graphs(name, planner.labels) if name in interface.fields else []
            if name != "__typename" and (
                group.graph in graphs
                or (key in everywhere and graphs and objects.issuperset(graphs))
            ):
                # Here, or selected on the interface and resolved only by other interface
                # objects: one value for every implementation, from the interface object (by
                # the interface's key), as Apollo plans it.
                local.setdefault(key, nodes)
            else:
                remote.append((possible, key, nodes))
    for key, nodes in local.items():
        planner.plan_field(group, interface, key, nodes, dest, path, provided)
    if not remote and any(tuple(c) != tuple(on_interface_only) for _, c in per_type):
        # The selection depends on the concrete type: its __typename must be fetched.
        typename = FieldNode(name=NameNode(value="__typename"))
        remote = [(planner.schema.get_possible_types(interface)[0], "__typename", [typename])]
    if not remote:
        return
    entity = routing.entity_graphs()
    if not entity:
        raise PlanningError(f"no subgraph knows the implementations of {interface.name}")
    graph, key_set = entity[0]
    child = planner.child(group, graph, interface.name, path, dest, provided)
    child.input_types.add(interface.name)
    planner.send_key(group, child, interface, key_set, dest, path, provided)
    child.selection.add_typename()
    on_interface: set[str] = set()
    for possible, key, nodes in remote:
        name = nodes[0].name.value
        if name == "__typename" or (
            name in interface.fields and graph in routing.field_graphs(name, planner.labels)
        ):
            # The same for every implementation: selected once, on the interface.
            if key not in on_interface:
                on_interface.add(key)
                planner.plan_field(child, interface, key, nodes, child.selection, path, None)
            continue
        fragment = child.selection.fragment(possible.name)
        planner.plan_field(child, possible, key, nodes, fragment, path, None)
