"""Representation trees: the key and `@requires` field sets an entity fetch sends, as written."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    is_composite_type,
)

from koko_gateway.planning.nodes import SelectionTree


def add_field_set(
    schema: GraphQLSchema, tree: SelectionTree, parent: Any, field_set: SelectionSetNode
) -> None:
    """Copy a key or @requires field set into a representation tree, as written: nested
    selections and inline fragments on abstract types included (the representation carries
    exactly these fields)."""
    for selection in field_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            if condition is None or condition.name.value == parent.name:
                add_field_set(schema, tree, parent, selection.selection_set)
            else:
                name = condition.name.value
                target = tree.fragment(name)
                add_field_set(schema, target, schema.get_type(name), selection.selection_set)
            continue
        if not isinstance(selection, FieldNode):
            continue
        name = selection.name.value
        key = selection.alias.value if selection.alias else name
        if name == "__typename":
            tree.add_typename()
            continue
        field_def = parent.fields.get(name)
        named = get_named_type(field_def.type) if field_def is not None else None
        composite = named is not None and is_composite_type(named)
        added = tree.add_field(key, name, tuple(selection.arguments or ()), composite)
        if composite and added.selection is not None and selection.selection_set is not None:
            add_field_set(schema, added.selection, named, selection.selection_set)
