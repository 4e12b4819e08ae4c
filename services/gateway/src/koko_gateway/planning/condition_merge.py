"""One plan for both values of a `@skip`/`@include` variable where the two plans differ only in
what one fetch selects, and in fetches that depend on it, as Apollo's planner builds it: the
fetch carries the client's condition on the fields only one value needs (`a @include(if: $v)`,
the subgraph applies it), and the dependent fetches go under an `Include(if: $v)` (or `Skip`)
node. Any other difference keeps the two plans apart (`choice.py` then makes a Condition node
with both branches)."""

from __future__ import annotations

import re
from dataclasses import replace

from graphql import OperationDefinitionNode, print_ast

from koko_gateway.planning.nodes import (
    Condition,
    FetchNode,
    FieldSelection,
    Flatten,
    PlanNode,
    SelectionTree,
    Sequence,
)

_HEADER = re.compile(r"^(query|mutation) (\w+)")


def merge_branches(
    variable: str,
    then: PlanNode | None,
    otherwise: PlanNode | None,
    operation: OperationDefinitionNode,
) -> PlanNode | None:
    """The plan for both values of `variable`, or None when the plans differ otherwise."""
    if then is None or otherwise is None:
        return None
    then_first, then_rest = _split(then)
    else_first, else_rest = _split(otherwise)
    if then_first is None or else_first is None or (then_rest and else_rest):
        return None
    merged = _merge_fetches(variable, then_first, else_first, operation)
    if merged is None:
        return None
    if then_rest:
        rest: PlanNode = then_rest[0] if len(then_rest) == 1 else Sequence(then_rest)
        return Sequence([merged, Condition(variable, rest, None)])
    if else_rest:
        rest = else_rest[0] if len(else_rest) == 1 else Sequence(else_rest)
        return Sequence([merged, Condition(variable, None, rest)])
    return merged


def _split(node: PlanNode) -> tuple[FetchNode | None, list[PlanNode]]:
    """A root fetch alone, or a Sequence that starts with one: (that fetch, what follows)."""
    if isinstance(node, FetchNode) and node.entity_type is None:
        return node, []
    if isinstance(node, Sequence) and node.nodes:
        first = node.nodes[0]
        if isinstance(first, FetchNode) and first.entity_type is None:
            return first, list(node.nodes[1:])
    return None, []


def _merge_fetches(
    variable: str, then: FetchNode, otherwise: FetchNode, operation: OperationDefinitionNode
) -> FetchNode | None:
    same = (
        then.graph == otherwise.graph
        and then.is_mutation == otherwise.is_mutation
        and not then.rewrites
        and not otherwise.rewrites
        and not then.context_rewrites
        and not otherwise.context_rewrites
    )
    if not same:
        return None
    selection = _merge_trees(variable, then.selection, otherwise.selection)
    header = _HEADER.match(then.operation)
    definition = next(
        (d for d in operation.variable_definitions or () if d.variable.name.value == variable),
        None,
    )
    if selection is None or header is None or definition is None:
        return None
    declared = [d for d in then.variable_declarations]
    names = set(then.variable_names) | set(otherwise.variable_names) | {variable}
    for other in otherwise.variable_declarations:
        if other not in declared:
            declared.append(other)
    if not any(d.startswith(f"${variable}:") for d in declared):
        text = f"${variable}:{print_ast(definition.type)}"
        if definition.default_value is not None:
            text += f"={print_ast(definition.default_value)}"
        declared.append(text)
    kind, name = header.groups()
    operation_text = f"{kind} {name}({','.join(declared)}){selection.print()}"
    return replace(
        then,
        operation=operation_text,
        variable_names=tuple(sorted(names)),
        variable_declarations=tuple(declared),
        response_keys=tuple(selection.fields),
        selection=selection,
    )


def _merge_trees(
    variable: str, then: SelectionTree, otherwise: SelectionTree
) -> SelectionTree | None:
    """Both selections in one: what only one value selects gets that value's condition."""
    if set(then.fragments) != set(otherwise.fragments):
        return None
    merged = SelectionTree()
    for key, selection in then.fields.items():
        other = otherwise.fields.get(key)
        if other is None:
            merged.fields[key] = replace(selection, condition=(variable, True))
            continue
        field = _merge_fields(variable, selection, other)
        if field is None:
            return None
        merged.fields[key] = field
    for key, other in otherwise.fields.items():
        if key not in then.fields:
            merged.fields[key] = replace(other, condition=(variable, False))
    for type_name, fragment in then.fragments.items():
        tree = _merge_trees(variable, fragment, otherwise.fragments[type_name])
        if tree is None:
            return None
        merged.fragments[type_name] = tree
    return merged


def _merge_fields(
    variable: str, then: FieldSelection, otherwise: FieldSelection
) -> FieldSelection | None:
    if (
        then.name != otherwise.name
        or then.condition != otherwise.condition
        or [print_ast(a) for a in then.arguments] != [print_ast(a) for a in otherwise.arguments]
        or (then.selection is None) != (otherwise.selection is None)
    ):
        return None
    if then.selection is None or otherwise.selection is None:
        return then
    inner = _merge_trees(variable, then.selection, otherwise.selection)
    return None if inner is None else replace(then, selection=inner)


def plan_fetches(node: PlanNode | None) -> list[FetchNode]:
    """Every fetch node of a plan."""
    if node is None:
        return []
    if isinstance(node, FetchNode):
        return [node]
    if isinstance(node, Flatten):
        return [node.node]
    if isinstance(node, Condition):
        return plan_fetches(node.if_clause) + plan_fetches(node.else_clause)
    if isinstance(node, Sequence):
        return [f for n in node.nodes for f in plan_fetches(n)]
    return [f for n in getattr(node, "nodes", []) for f in plan_fetches(n)]
