"""CollectFields from the GraphQL spec: fragments, type conditions and skip/include."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
    is_abstract_type,
)

Fields = dict[str, list[FieldNode]]


def should_include(node: Any, variables: Mapping[str, Any]) -> bool:
    if not node.directives:
        return True
    for directive in node.directives:
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        condition = False
        for argument in directive.arguments or ():
            if argument.name.value != "if":
                continue
            if isinstance(argument.value, BooleanValueNode):
                condition = argument.value.value
            elif isinstance(argument.value, VariableNode):
                condition = bool(variables.get(argument.value.name.value))
        if (name == "skip") == condition:
            return False
    return True


def type_applies(
    schema: GraphQLSchema, condition: str | None, object_type: GraphQLObjectType
) -> bool:
    if condition is None or condition == object_type.name:
        return True
    conditional = schema.get_type(condition)
    if conditional is None or not is_abstract_type(conditional):
        return False
    return schema.is_sub_type(conditional, object_type)  # type: ignore[arg-type]


def collect_fields(
    schema: GraphQLSchema,
    object_type: GraphQLObjectType,
    selection_sets: Iterable[SelectionSetNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> Fields:
    fields: Fields = {}
    visited: set[str] = set()

    def walk(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if not should_include(selection, variables):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    selection.type_condition.name.value if selection.type_condition else None
                )
                if type_applies(schema, condition, object_type):
                    walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if name in visited or fragment is None:
                    continue
                visited.add(name)
                if type_applies(schema, fragment.type_condition.name.value, object_type):
                    walk(fragment.selection_set)

    for selection_set in selection_sets:
        walk(selection_set)
    return fields


def sub_selections(nodes: list[FieldNode]) -> list[SelectionSetNode]:
    return [n.selection_set for n in nodes if n.selection_set is not None]
