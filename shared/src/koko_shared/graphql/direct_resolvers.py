"""Resolver fields that graphql-core calls without Strawberry's per-field wrapper.

Strawberry wraps every field that has a resolver: it builds its `Info`, converts the arguments
(input types, enums, custom scalars), runs field extensions and exception handlers, then calls
the resolver. For a field whose arguments are plain built-in scalars and that has none of those
extras, the wrapper adds nothing but time: about 15 µs per field and object, which is 80 calls
(over a millisecond of CPU) for the title, provider, location and next start of a 20-offer page.

`resolve_directly(schema, "Offer")` sets each resolver field of the type to call its Python
resolver straight away, with the same `self`, `Info` and keyword arguments Strawberry would pass.
A field it cannot serve that way (input-type, enum or custom-scalar arguments, field extensions
such as permission classes, exception handlers, `root`/`parent` parameters) is refused when the
schema is built, never served differently. Schema extensions with a `resolve` hook still run:
graphql-core applies them as middleware around whatever resolver a field has.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLField, GraphQLObjectType, GraphQLResolveInfo, get_named_type
from strawberry import Schema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

# Built-in scalars: graphql-core's coerced value is what Strawberry would pass on unchanged.
_PLAIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean"})
_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF


def resolve_directly(schema: Schema, type_name: str) -> None:
    """Let graphql-core call the resolvers of `type_name`'s fields itself (see the module)."""
    graphql_type = schema._schema.type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType), type_name
    info_class = schema.config.info_class
    for name, graphql_field in graphql_type.fields.items():
        field = graphql_field.extensions.get(_BACKREF)
        if isinstance(field, StrawberryField) and field.base_resolver is not None:
            _refuse_unless_plain(f"{type_name}.{name}", graphql_field, field, schema)
            graphql_field.resolve = _direct(graphql_field, field, info_class)


def _refuse_unless_plain(
    where: str, graphql_field: GraphQLField, field: StrawberryField, schema: Schema
) -> None:
    resolver = field.base_resolver
    assert resolver is not None
    problems = []
    if field.extensions:
        problems.append("field extensions (permissions?)")
    if schema.schema_converter._get_field_exception_handlers(field):
        problems.append("exception handlers")
    if resolver.root_parameter or resolver.parent_parameter or not resolver.self_parameter:
        problems.append("a resolver that does not take `self` alone as its source")
    for arg_name, argument in graphql_field.args.items():
        if get_named_type(argument.type).name not in _PLAIN_SCALARS:
            problems.append(f"argument {arg_name} of a type Strawberry converts")
    if problems:
        raise TypeError(f"{where} cannot be resolved directly: {', '.join(problems)}")


def _direct(graphql_field: GraphQLField, field: StrawberryField, info_class: type) -> Any:
    resolver = field.base_resolver
    assert resolver is not None
    function: Any = resolver.wrapped_func
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    python_names = {
        arg_name: argument.extensions[_BACKREF].python_name
        for arg_name, argument in graphql_field.args.items()
    }

    def resolve(source: Any, info: GraphQLResolveInfo, **arguments: Any) -> Any:
        kwargs = {python_names[name]: value for name, value in arguments.items()}
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=field)
        return function(source, **kwargs)

    return resolve
