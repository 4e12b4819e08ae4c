"""Static limits on an operation: depth, aliases, page size (`first`/`last`) and estimated cost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

PAGE_ARGUMENTS = ("first", "last")
# Lists without a page argument are assumed to hold this many items when estimating cost.
DEFAULT_LIST_SIZE = 10


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int = 15
    max_aliases: int = 30
    max_cost: int = 20_000
    max_page_size: int = 100


@dataclass(slots=True)
class OperationShape:
    """What the limits need to know about one operation, computed once and cached."""

    depth: int = 0
    aliases: int = 0
    # Page arguments given as literals, and the variables used as page arguments.
    page_literals: list[int] = field(default_factory=list)
    page_variables: set[str] = field(default_factory=set)
    cost: int = 0


def measure(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    max_page_size: int,
) -> OperationShape:
    shape = OperationShape()

    def walk(
        selection_set: SelectionSetNode, depth: int, multiplier: int, stack: tuple[str, ...]
    ) -> int:
        cost = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.alias is not None:
                    shape.aliases += 1
                shape.depth = max(shape.depth, depth)
                size = None
                for argument in selection.arguments or ():
                    if argument.name.value not in PAGE_ARGUMENTS:
                        continue
                    if isinstance(argument.value, IntValueNode):
                        size = int(argument.value.value)
                        shape.page_literals.append(size)
                    elif isinstance(argument.value, VariableNode):
                        shape.page_variables.add(argument.value.name.value)
                        size = max_page_size
                cost += multiplier
                if selection.selection_set is not None:
                    inner = multiplier * max(1, size if size is not None else 1)
                    if size is None and selection.name.value.endswith("s"):
                        inner = multiplier * DEFAULT_LIST_SIZE
                    cost += walk(selection.selection_set, depth + 1, min(inner, 10**9), stack)
            elif isinstance(selection, InlineFragmentNode):
                cost += walk(selection.selection_set, depth, multiplier, stack)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in stack:
                    cost += walk(fragment.selection_set, depth, multiplier, (*stack, name))
        return cost

    shape.cost = walk(operation.selection_set, 1, 1, ())
    return shape


def check(shape: OperationShape, limits: Limits, variables: Mapping[str, Any]) -> list[str]:
    """Messages for every limit this operation breaks with these variables."""
    problems: list[str] = []
    if shape.depth > limits.max_depth:
        problems.append(f"Operation depth {shape.depth} exceeds the limit of {limits.max_depth}.")
    if shape.aliases > limits.max_aliases:
        problems.append(
            f"Operation uses {shape.aliases} aliases; the limit is {limits.max_aliases}."
        )
    sizes = list(shape.page_literals)
    sizes.extend(v for name in shape.page_variables if isinstance(v := variables.get(name), int))
    too_big = [s for s in sizes if s > limits.max_page_size or s < 0]
    if too_big:
        problems.append(
            f"Page size {max(too_big, key=abs)} is not allowed; "
            f"`first`/`last` must be between 0 and {limits.max_page_size}."
        )
    if shape.cost > limits.max_cost:
        problems.append(
            f"Estimated operation cost {shape.cost} exceeds the limit of {limits.max_cost}."
        )
    return problems
