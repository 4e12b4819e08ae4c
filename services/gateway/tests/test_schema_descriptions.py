"""Every type, field, argument, input field and enum value of the composed API schema (what
GraphiQL and codegen show) has a description: a new element without one fails this test."""

from __future__ import annotations

from pathlib import Path

from conftest import gateway_settings
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    specified_scalar_types,
)

from koko_gateway.gateway import Gateway

SUPERGRAPH = Path(__file__).resolve().parents[3] / "deploy" / "supergraph.graphql"


def undescribed(schema: GraphQLSchema) -> set[str]:
    missing: set[str] = set()
    for name, named in schema.type_map.items():
        if name.startswith("__") or name in specified_scalar_types:
            continue
        if not named.description:
            missing.add(f"type {name}")
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                if not field.description:
                    missing.add(f"field {name}.{field_name}")
                for arg_name, arg in field.args.items():
                    if not arg.description:
                        missing.add(f"argument {name}.{field_name}({arg_name})")
        if isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                if not input_field.description:
                    missing.add(f"input field {name}.{field_name}")
        if isinstance(named, GraphQLEnumType):
            for value_name, value in named.values.items():
                if not value.description:
                    missing.add(f"enum value {name}.{value_name}")
    return missing


async def test_the_api_schema_describes_everything() -> None:
    # given
    gateway = Gateway(SUPERGRAPH.read_text(), gateway_settings())
    try:
        # when
        missing = undescribed(gateway.schema)
    finally:
        await gateway.aclose()
    # then
    assert not missing, (
        "describe these (strawberry.field/argument/enum_value description):\n"
        + "\n".join(sorted(missing))
    )
