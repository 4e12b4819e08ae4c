"""Fields that are a column, completed without graphql-core's per-field machinery.

For every field, graphql-core builds a resolve info (Strawberry's own class), asks the middleware
for a resolver, calls Strawberry's wrapper of the default resolver (three calls for a
`getattr`) and completes the value through `complete_value`'s type dispatch. For a field that is
a plain attribute of its object (no resolver, no arguments, no field extensions or exception
handlers, a scalar or enum type, not a list) all of this comes down to reading the attribute and
coercing it for output, which is what `ColumnFieldsContext` does, in that order and with the
same coercion. Anything else, or anything unusual on the way (an error, null for a non-null field,
an awaitable, a value that does not coerce, schema middleware), goes the ordinary way, so errors
and their paths are graphql-core's own.

`serve_column_fields(schema)` finds the fields once, when the schema is built.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path
from strawberry import Schema
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF

# (object type name, field name) -> (attribute, leaf type, whether the field is non-null)
Columns = dict[tuple[str, str], tuple[str, GraphQLScalarType | GraphQLEnumType, bool]]


def column_fields(schema: Schema) -> Columns:
    """The fields of `schema` that are plain attributes of a scalar or enum type."""
    columns: Columns = {}
    if schema.config.default_resolver is not getattr:
        return columns
    converter = schema.schema_converter
    for type_name, graphql_type in schema._schema.type_map.items():
        if type_name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        for name, graphql_field in graphql_type.fields.items():
            field = graphql_field.extensions.get(_BACKREF)
            if (
                not isinstance(field, StrawberryField)
                or field.base_resolver is not None
                or field.extensions
                or graphql_field.args
                or converter._get_field_exception_handlers(field)
                or not getattr(graphql_field.resolve, "_is_default", False)
            ):
                continue
            output = graphql_field.type
            non_null = isinstance(output, GraphQLNonNull)
            leaf = output.of_type if isinstance(output, GraphQLNonNull) else output
            if isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
                columns[(type_name, name)] = (field.python_name, leaf, non_null)
    return columns


def serve_column_fields(schema: Schema) -> None:
    """Let `schema` complete its column fields directly (see the module)."""

    class Context(ColumnFieldsContext):
        columns = column_fields(schema)

    schema.execution_context_class = Context


class ColumnFieldsContext(StrawberryGraphQLCoreExecutionContext):
    columns: Columns = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        # Middleware (schema extensions with a `resolve` hook) wraps every field: not served here.
        self.direct = manager is None or manager.get_field_resolver(_probe) is _probe

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        column = self.columns.get((parent_type.name, node.name.value)) if self.direct else None
        if column is not None and not node.arguments:
            attribute, leaf, non_null = column
            try:
                value = getattr(source, attribute)
                if value is None and not non_null:
                    return None
                if not (value is None or isinstance(value, Exception) or self.is_awaitable(value)):
                    coerced = leaf.coerce_output_value(value)
                    if coerced is not Undefined and coerced is not None:
                        return coerced
            except Exception:  # graphql-core meets and reports it again, below
                pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )


def _probe(*_: Any, **__: Any) -> None:
    return None
