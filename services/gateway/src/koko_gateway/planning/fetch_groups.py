"""Fetch groups, as the federation query planner builds them, and the plan nodes made of them.

A fetch group is what one subgraph is asked at one position: the root fields it resolves, or an
`_entities` call for the objects at a path (with the representation it is sent). Groups depend on
the groups that fetch their key and `@requires` fields; `schedule` orders them into Sequence and
Parallel levels, entity fetch nodes of one level to one subgraph share one request (EntityBatch)
and the others are wrapped in a Flatten at their path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphql import OperationDefinitionNode, print_ast

from koko_gateway.planning.nodes import (
    ContextRewrite,
    EntityBatch,
    FetchNode,
    Flatten,
    Parallel,
    PlanNode,
    SelectionTree,
    Sequence,
    alias_conflicts,
)
from koko_gateway.planning.query_graph import Provided
from koko_gateway.supergraph.model import Supergraph


class PlanningError(Exception):
    """No subgraph combination can resolve the operation (a composition the planner can't use)."""


@dataclass(slots=True)
class FetchGroup:
    id: int
    graph: str
    parent_type: str
    merge_path: tuple[str, ...]
    selection: SelectionTree = field(default_factory=SelectionTree)
    entity: bool = False
    representation: SelectionTree = field(default_factory=SelectionTree)
    depends_on: set[int] = field(default_factory=set)
    parent: FetchGroup | None = None
    parent_dest: SelectionTree | None = None
    parent_provided: Provided | None = None
    # Object types whose objects this entity group is sent (their `__typename`); by default
    # `parent_type`. An interface object's group is sent objects of the implementing types.
    input_types: set[str] = field(default_factory=set)
    children: dict[tuple[str, str, tuple[str, ...]], FetchGroup] = field(default_factory=dict)
    # A group for one field with @fromContext arguments: argument name -> variable, and where
    # the executor reads each variable's value.
    context_field: str | None = None
    context_variables: dict[str, str] = field(default_factory=dict)
    context_rewrites: list[ContextRewrite] = field(default_factory=list)


def descendants(group: FetchGroup) -> list[FetchGroup]:
    found: list[FetchGroup] = []
    for child in group.children.values():
        found.append(child)
        found.extend(descendants(child))
    return found


def schedule(
    all_groups: list[FetchGroup], groups: list[FetchGroup], fetches: dict[int, FetchNode]
) -> PlanNode | None:
    """Levels by dependency: each level's fetches run in parallel, levels in sequence."""
    level: dict[int, int] = {}
    by_id = {g.id: g for g in all_groups}

    def level_of(group_id: int, seen: frozenset[int] = frozenset()) -> int:
        if group_id in level:
            return level[group_id]
        if group_id in seen:
            raise PlanningError("cyclic dependency between subgraph fetches")
        deps = by_id[group_id].depends_on
        value = 1 + max((level_of(d, seen | {group_id}) for d in deps), default=-1)
        level[group_id] = value
        return value

    levels: dict[int, list[PlanNode]] = {}
    for group in groups:
        if group.selection.is_empty():
            continue
        levels.setdefault(level_of(group.id), []).append(fetches[group.id])
    steps: list[PlanNode] = [
        simplify(Parallel(_flatten(_batch_entities(levels[n]))))
        for n in sorted(levels)
        if levels[n]
    ]
    if not steps:
        return None
    return simplify(Sequence(steps))


def fetch_node(
    group: FetchGroup,
    supergraph: Supergraph,
    operation: OperationDefinitionNode,
    is_mutation: bool,
) -> FetchNode:
    """The fetch node of a fetch group: its subgraph operation, printed once."""
    rewrites = alias_conflicts(group.selection)
    service = supergraph.subgraph(group.graph).name
    variables = sorted(group.selection.variable_names())
    definitions = {d.variable.name.value: d for d in operation.variable_definitions or ()}
    declared = []
    for variable in variables:
        definition = definitions.get(variable)
        if definition is None:
            continue
        text = f"${variable}:{print_ast(definition.type)}"
        if definition.default_value is not None:
            text += f"={print_ast(definition.default_value)}"
        declared.append(text)
    op_name = operation.name.value if operation.name else "Anonymous"
    name = f"{op_name}__{operation_name_part(service)}__{group.id}"
    declared.extend(f"${r.variable}:{r.type}" for r in group.context_rewrites)
    if group.entity:
        declared.insert(0, "$representations:[_Any!]!")
        body = (
            "{_entities(representations:$representations)"
            f"{{...on {group.parent_type}{group.selection.print()}}}}}"
        )
        kind = "query"
    else:
        body = group.selection.print()
        kind = "mutation" if is_mutation else "query"
    header = f"{kind} {name}" + (f"({','.join(declared)})" if declared else "")
    entity_selection = (
        f"{{...on {group.parent_type}{group.selection.print()}}}" if group.entity else ""
    )
    return FetchNode(
        id=group.id,
        graph=group.graph,
        service_name=service,
        operation=header + body,
        variable_names=tuple(n for n in variables if n in definitions),
        merge_path=group.merge_path,
        entity_type=group.parent_type if group.entity else None,
        input_types=tuple(sorted(group.input_types or {group.parent_type})),
        representation=group.representation if group.entity else None,
        response_keys=tuple(group.selection.fields),
        is_mutation=is_mutation and not group.entity,
        entity_selection=entity_selection,
        variable_declarations=tuple(d for d in declared if not d.startswith("$representations")),
        selection=group.selection,
        rewrites=rewrites,
        context_rewrites=tuple(group.context_rewrites),
    )


def operation_name_part(service: str) -> str:
    """A subgraph's name as part of a GraphQL operation name (`non-graphql-name` ->
    `non_graphql_name`), as Apollo's planner names its fetches."""
    return re.sub(r"[^_0-9A-Za-z]", "_", service)


def _batch_entities(nodes: list[PlanNode]) -> list[PlanNode]:
    """Entity fetches of one level that go to the same subgraph share one request."""
    by_graph: dict[str, list[FetchNode]] = {}
    for node in nodes:
        if (
            isinstance(node, FetchNode)
            and node.entity_type is not None
            and not node.context_rewrites
        ):
            by_graph.setdefault(node.graph, []).append(node)
    batched: list[PlanNode] = []
    for node in nodes:
        if not isinstance(node, FetchNode) or node.entity_type is None or node.context_rewrites:
            # Contextual fetches are sent per distinct context value, not batched.
            batched.append(node)
            continue
        fetches = by_graph.get(node.graph)
        if fetches is None:
            continue  # already part of a batch
        del by_graph[node.graph]
        if len(fetches) == 1:
            batched.append(node)
            continue
        declarations = sorted({d for f in fetches for d in f.variable_declarations})
        declarations = [f"$r{i}:[_Any!]!" for i in range(len(fetches))] + declarations
        fields = "".join(
            f"_{i}:_entities(representations:$r{i}){f.entity_selection}"
            for i, f in enumerate(fetches)
        )
        name = f"Batch__{operation_name_part(fetches[0].service_name)}__{fetches[0].id}"
        batched.append(
            EntityBatch(
                graph=node.graph,
                service_name=node.service_name,
                operation=f"query {name}({','.join(declarations)}){{{fields}}}",
                fetches=fetches,
                variable_names=tuple(sorted({v for f in fetches for v in f.variable_names})),
            )
        )
    return batched


def _flatten(nodes: list[PlanNode]) -> list[PlanNode]:
    """Entity fetch nodes (not batched) wrapped in a Flatten at their path."""
    return [
        Flatten(n.merge_path, n) if isinstance(n, FetchNode) and n.entity_type else n for n in nodes
    ]


def simplify(node: Parallel | Sequence) -> PlanNode:
    return node.nodes[0] if len(node.nodes) == 1 else node
