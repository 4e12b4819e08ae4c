"""Input types built from their GraphQL value in one step (issue 18: Strawberry converted the
`OfferFilter` of every `offers` request field by field, 42 calls of `convert_argument` for a
filter of two values, about 5 % of a 20-offer page's CPU).

`build_directly(SomeInput)` sets the type's `from_input` hook (`StrawberryObjectDefinition`),
which Strawberry's `convert_argument` calls instead of its own walk through the fields. The hook
does what the walk does, planned once per type: fields left out are None (or their default),
scalars and enums are taken as graphql-core coerced them, lists of them copied (graphql-core
shares a default list between requests), anything else (nested inputs, global ids) converted
by Strawberry (`InputContext.convert`). Validation is graphql-core's, before either runs, so
errors stay the same; the schema does not change. A type with `Maybe` fields (whose nulls
Strawberry validates elsewhere when no `from_input` is set) is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING
from enum import Enum
from typing import Any

from strawberry.relay.types import GlobalID
from strawberry.scalars import is_scalar
from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryObjectDefinition,
    StrawberryOptional,
    StrawberryType,
)
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.unset import UNSET

_LEAF, _LEAVES, _CONVERT = 0, 1, 2
# Per field: GraphQL name, Python name, how its value is converted, its Strawberry type.
Plan = tuple[tuple[str, str, int, Any], ...]


def build_directly(input_type: type) -> None:
    """Let Strawberry build `input_type` from its GraphQL value in one step (see the module)."""
    definition: StrawberryObjectDefinition = input_type.__strawberry_definition__  # type: ignore[attr-defined]
    if not definition.is_input or definition.from_input is not None:
        raise TypeError(f"{input_type.__name__} is no input type Strawberry builds itself")
    defaults = {
        field.python_name: None
        for field in definition.fields
        if field.default_value is MISSING and field.default_factory is MISSING
    }
    plans: list[Plan] = []

    def from_input(cls: type, value: Mapping[str, Any], context: InputContext) -> Any:
        if not plans:
            plans.append(_plan(definition, context))
        kwargs: dict[str, Any] = dict(defaults)
        for graphql_name, python_name, how, type_ in plans[0]:
            if graphql_name not in value:
                continue
            given = value[graphql_name]
            if given is None or given is UNSET or how == _LEAF:
                kwargs[python_name] = given
            elif how == _LEAVES:
                kwargs[python_name] = list(given)
            else:
                kwargs[python_name] = context.convert(given, type_, graphql_name)
        return cls(**kwargs)

    definition.from_input = from_input


def _plan(definition: StrawberryObjectDefinition, context: InputContext) -> Plan:
    plan = []
    for field in definition.fields:
        type_ = field.resolve_type(type_definition=definition)
        if isinstance(type_, StrawberryMaybe):
            raise TypeError(f"{definition.name}.{field.python_name}: Maybe fields are not built")
        inner = type_.of_type if isinstance(type_, StrawberryOptional) else type_
        how = _CONVERT
        if _is_leaf(inner, context):
            how = _LEAF
        elif isinstance(inner, StrawberryList):
            item = inner.of_type
            item = item.of_type if isinstance(item, StrawberryOptional) else item
            how = _LEAVES if _is_leaf(item, context) else _CONVERT
        plan.append(
            (context.config.name_converter.from_field(field), field.python_name, how, type_)
        )
    return tuple(plan)


def _is_leaf(type_: StrawberryType | type, context: InputContext) -> bool:
    """A scalar (but a global id, which Strawberry decodes) or an enum: graphql-core's coerced
    value is what Strawberry passes on."""
    if type_ is GlobalID:
        return False
    if isinstance(type_, StrawberryEnumDefinition) or has_enum_definition(type_):
        return True
    if isinstance(type_, type) and issubclass(type_, Enum):
        return False  # an enum Strawberry does not know: let it decide
    return is_scalar(type_, context.scalar_registry)
