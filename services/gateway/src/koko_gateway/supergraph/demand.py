"""Demand control from the supergraph: `@cost` and `@listSize` (https://specs.apollo.dev/cost/v0.1)
and the static cost estimate of an operation they define, as Apollo Router estimates it.

- A field costs its `@cost(weight:)`, else the `@cost` of the type it returns, else 1 for an
  object, interface or union and 0 for a scalar or enum; mutation root fields cost 10 by default.
  Arguments given that carry `@cost` add their weight.
- A list multiplies its items' cost (the field's own weight plus its selections) by its size: the
  largest given `@listSize(slicingArguments:)` value (or the argument's default), else
  `assumedSize`, else the configured default list size. With `sizedFields` the size applies to
  those child fields instead (connections: `edges`, `nodes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    get_named_type,
    is_composite_type,
    is_list_type,
    is_non_null_type,
    value_from_ast,
)

from koko_gateway.supergraph.directives import directive_arguments, named_definitions

_COST = ("cost", "cost__cost")
_LIST_SIZE = ("listSize", "cost__listSize")
MUTATION_FIELD_COST = 10


@dataclass(frozen=True, slots=True)
class ListSize:
    assumed_size: int | None = None
    slicing_arguments: tuple[str, ...] = ()
    sized_fields: tuple[str, ...] = ()
    require_one_slicing_argument: bool = True


@dataclass(slots=True)
class CostDirectives:
    """The supergraph's `@cost` and `@listSize` applications, by coordinate."""

    type_weights: dict[str, int] = field(default_factory=dict)
    field_weights: dict[tuple[str, str], int] = field(default_factory=dict)
    argument_weights: dict[tuple[str, str, str], int] = field(default_factory=dict)
    list_sizes: dict[tuple[str, str], ListSize] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(
            self.type_weights or self.field_weights or self.argument_weights or self.list_sizes
        )


def read_cost_directives(document: DocumentNode) -> CostDirectives:
    found = CostDirectives()
    for type_name, definition in named_definitions(document):
        for directive in definition.directives or ():
            if directive.name.value in _COST:
                found.type_weights[type_name] = int(directive_arguments(directive)["weight"])
        for field_node in getattr(definition, "fields", None) or ():
            coordinate = (type_name, field_node.name.value)
            for directive in field_node.directives or ():
                args = directive_arguments(directive)
                if directive.name.value in _COST:
                    found.field_weights[coordinate] = int(args["weight"])
                elif directive.name.value in _LIST_SIZE:
                    found.list_sizes[coordinate] = ListSize(
                        assumed_size=args.get("assumedSize"),
                        slicing_arguments=tuple(args.get("slicingArguments") or ()),
                        sized_fields=tuple(args.get("sizedFields") or ()),
                        require_one_slicing_argument=bool(
                            args.get("requireOneSlicingArgument", True)
                        ),
                    )
            for argument in getattr(field_node, "arguments", None) or ():
                for directive in argument.directives or ():
                    if directive.name.value in _COST:
                        key = (*coordinate, argument.name.value)
                        found.argument_weights[key] = int(directive_arguments(directive)["weight"])
    return found


def _default(argument: Any) -> Any:
    """An argument's default value (graphql-core keeps SDL defaults on the AST node)."""
    if argument.default_value is not Undefined:
        return argument.default_value
    node = argument.ast_node
    if node is not None and node.default_value is not None:
        return value_from_ast(node.default_value, argument.type)
    return None


def estimate_cost(
    schema: GraphQLSchema,
    directives: CostDirectives,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    default_list_size: int,
) -> int:
    """The static cost of `operation` (upper bound: fragments on every type are counted)."""
    is_mutation = operation.operation == OperationType.MUTATION
    root = schema.mutation_type if is_mutation else schema.query_type
    if operation.operation == OperationType.SUBSCRIPTION:
        root = schema.subscription_type
    if root is None:
        return 0

    def fields_of(selection_set: SelectionSetNode, seen: tuple[str, ...]) -> list[FieldNode]:
        found: list[FieldNode] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                found.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                found += fields_of(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    found += fields_of(fragment.selection_set, (*seen, name))
        return found

    def argument_values(parent: Any, node: FieldNode) -> dict[str, Any]:
        definition = parent.fields[node.name.value]
        values = {}
        for name, arg in definition.args.items():
            default = _default(arg)
            if default is not None:
                values[name] = default
        for argument in node.arguments or ():
            arg_def = definition.args.get(argument.name.value)
            if arg_def is not None:
                values[argument.name.value] = value_from_ast(
                    argument.value, arg_def.type, dict(variables)
                )
        return values

    def selection_cost(
        parent: Any, selection_set: SelectionSetNode, sized: Mapping[str, int], top: bool
    ) -> int:
        total = 0
        for node in fields_of(selection_set, ()):
            name = node.name.value
            if name.startswith("__") or not hasattr(parent, "fields") or name not in parent.fields:
                continue
            total += field_cost(parent, node, sized.get(name), top)
        return total

    def field_cost(parent: Any, node: FieldNode, size_from_parent: int | None, top: bool) -> int:
        name = node.name.value
        definition = parent.fields[name]
        named = get_named_type(definition.type)
        composite = is_composite_type(named)
        weight = directives.field_weights.get((parent.name, name))
        if weight is None:
            weight = directives.type_weights.get(named.name)
        if weight is None:
            weight = MUTATION_FIELD_COST if top and is_mutation else (1 if composite else 0)
        values = argument_values(parent, node) if definition.args else {}
        for argument in values:
            weight += directives.argument_weights.get((parent.name, name, argument), 0)
        list_size = directives.list_sizes.get((parent.name, name))
        size = size_from_parent
        children_sized: dict[str, int] = {}
        if list_size is not None:
            sliced = [
                int(values[a])
                for a in list_size.slicing_arguments
                if isinstance(values.get(a), int)
            ]
            measured = max(sliced) if sliced else list_size.assumed_size
            if measured is None:
                measured = default_list_size
            if list_size.sized_fields:
                children_sized = {f: measured for f in list_size.sized_fields}
            else:
                size = measured
        inner = (
            selection_cost(named, node.selection_set, children_sized, False)
            if composite and node.selection_set is not None
            else 0
        )
        type_ = definition.type.of_type if is_non_null_type(definition.type) else definition.type
        if is_list_type(type_) and size is None:
            size = default_list_size
        return (weight + inner) * (size if size is not None and is_list_type(type_) else 1)

    return selection_cost(root, operation.selection_set, {}, True)
