"""`@context`/`@fromContext` (Federation 2.8): an argument filled from the nearest ancestor whose
type sets the context. As in Apollo's query planner, the field is fetched in its own `_entities`
call, the context selection is fetched with the ancestor, and the value is passed as a variable
(`$contextualArgument_<n>_<i>`) that the executor fills per ancestor before the fetch."""

from __future__ import annotations

from typing import Any

from graphql import ArgumentNode, FieldNode, NameNode, SelectionSetNode, VariableNode

from koko_gateway.planning.fetch_groups import FetchGroup, PlanningError
from koko_gateway.planning.nodes import ContextRewrite, SelectionTree
from koko_gateway.planning.query_graph import Provided
from koko_gateway.planning.steps import Frame, PlanningSteps
from koko_gateway.supergraph.model import ContextArgument, FieldInGraph


def context_group(
    planner: PlanningSteps,
    group: FetchGroup,
    parent: Any,
    name: str,
    entry: FieldInGraph,
    dest: SelectionTree,
    path: tuple[str, ...],
    provided: Provided | None,
) -> FetchGroup:
    """The entity group that resolves `parent.name` with its contextual arguments as variables;
    the context selections are planned into the groups that fetch the ancestors."""
    reuse_key = (entry.graph, parent.name, (*path, f"#context:{name}"))
    child = group.children.get(reuse_key)
    if child is not None:
        return child
    routing = planner.supergraph.routing(parent.name)
    keys = routing.keys_in(entry.graph) if routing else []
    if not keys:
        raise PlanningError(
            f"{parent.name}.{name} takes an argument from @context, but {parent.name} has no "
            f"key in its subgraph to fetch it by"
        )
    child = planner.new_group(entry.graph, parent.name, path, entity=True)
    child.parent, child.parent_dest, child.parent_provided = group, dest, provided
    child.depends_on.add(group.id)
    child.context_field = name
    group.children[reuse_key] = child
    number = planner.next_context_number()
    for index, argument in enumerate(entry.context_arguments):
        frame = _ancestor(planner, argument)
        if frame is None:
            raise PlanningError(
                f"{parent.name}.{name}: no ancestor sets the context of its argument "
                f"{argument.name}"
            )
        variable = f"contextualArgument_{number}_{index}"
        child.context_variables[argument.name] = variable
        child.context_rewrites.append(
            ContextRewrite(
                variable, argument.type, len(frame.path), _value_path(argument.selection, name)
            )
        )
        group_, dest_, provided_ = _ancestor_fetch(planner, frame, argument.selection)
        deps = planner.plan_field_set(
            group_, frame.type, argument.selection, dest_, frame.path, provided_
        )
        child.depends_on |= deps - {child.id}
    planner.send_key(group, child, parent, keys[0], dest, path, provided)
    return child


def context_in_group(
    planner: PlanningSteps, group: FetchGroup, name: str, entry: FieldInGraph
) -> tuple[ArgumentNode, ...] | None:
    """The contextual arguments of `name` as variables of `group` itself, when every context's
    ancestor is at or above the group's objects and its value is fetched by an earlier group (as
    Apollo's plan keeps such a field in that entity fetch, sent once per distinct value); None
    when the field needs its own `_entities` fetch (`context_group`)."""
    if not group.entity:
        return None
    found = []
    for argument in entry.context_arguments:
        frame = _ancestor(planner, argument)
        if frame is None or group.merge_path[: len(frame.path)] != frame.path:
            return None
        where = _ancestor_fetch(planner, frame, argument.selection)
        if where[0] is group:
            return None
        found.append((argument, frame, where))
    number = planner.next_context_number()
    arguments = []
    for index, (argument, frame, (group_, dest_, provided_)) in enumerate(found):
        variable = f"contextualArgument_{number}_{index}"
        group.context_rewrites.append(
            ContextRewrite(
                variable, argument.type, len(frame.path), _value_path(argument.selection, name)
            )
        )
        deps = planner.plan_field_set(
            group_, frame.type, argument.selection, dest_, frame.path, provided_
        )
        group.depends_on |= deps - {group.id}
        arguments.append(
            ArgumentNode(
                name=NameNode(value=argument.name),
                value=VariableNode(name=NameNode(value=variable)),
            )
        )
    return tuple(arguments)


def contextual_arguments(
    group: FetchGroup, arguments: tuple[ArgumentNode, ...]
) -> tuple[ArgumentNode, ...]:
    """The field's client arguments plus its contextual arguments as the group's variables."""
    return (
        *arguments,
        *(
            ArgumentNode(name=NameNode(value=arg), value=VariableNode(name=NameNode(value=var)))
            for arg, var in group.context_variables.items()
        ),
    )


def _ancestor(planner: PlanningSteps, argument: ContextArgument) -> Frame | None:
    for frame in reversed(planner.frames):
        names = [frame.type.name, *(i.name for i in getattr(frame.type, "interfaces", ()))]
        for type_name in names:
            routing = planner.supergraph.routing(type_name)
            if routing is not None and argument.context in routing.contexts:
                return frame
    return None


def _ancestor_fetch(
    planner: PlanningSteps, frame: Frame, selection: SelectionSetNode
) -> tuple[FetchGroup, SelectionTree, Provided | None]:
    """Where to fetch a context selection: with the ancestor, in the entity group that fetched
    it or, when that subgraph does not resolve the selection (`@external`), in the group that
    fetched the ancestor before the entity jump (as Apollo selects it in the earlier fetch)."""
    group, dest, provided = frame.group, frame.dest, frame.provided
    names = [s.name.value for s in selection.selections if isinstance(s, FieldNode)]

    def resolves(graph: str) -> bool:
        routing = planner.supergraph.routing(frame.type.name)
        return routing is None or all(
            graph in routing.field_graphs(n, planner.labels) for n in names
        )

    while group.entity and dest is group.selection and group.merge_path == frame.path:
        parent, parent_dest = group.parent, group.parent_dest
        if parent is None or parent_dest is None:
            break
        if resolves(group.graph) or not resolves(parent.graph):
            break
        group, dest, provided = parent, parent_dest, group.parent_provided
    return group, dest, provided


def _value_path(selection: SelectionSetNode, name: str) -> tuple[str, ...]:
    """The response keys down to the one value a context selection picks."""
    steps: list[str] = []
    current: SelectionSetNode | None = selection
    while current is not None:
        fields = [s for s in current.selections if isinstance(s, FieldNode)]
        if len(fields) != 1 or len(current.selections) != 1:
            raise PlanningError(
                f"the context selection of {name} picks more than one field or uses fragments, "
                "which this gateway does not support"
            )
        field_node = fields[0]
        steps.append(field_node.alias.value if field_node.alias else field_node.name.value)
        current = field_node.selection_set
    return tuple(steps)
