"""A query text is validated once; invalid texts keep failing with their errors."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import federation_schema


@strawberry.type
class Query:
    @strawberry.field
    def hello(self, name: str) -> str:
        return f"Hallo {name}"


async def test_valid_query_skips_revalidation_and_invalid_query_still_fails() -> None:
    # given
    schema = federation_schema(query=Query)
    valid = '{ hello(name: "Welt") }'
    invalid = "{ hello }"
    # when
    first = await schema.execute(valid)
    again = await schema.execute(valid)
    wrong = await schema.execute(invalid)
    wrong_again = await schema.execute(invalid)
    # then
    assert first.data == again.data == {"hello": "Hallo Welt"}
    assert first.errors is None and again.errors is None
    for result in (wrong, wrong_again):
        assert result.errors and "is required" in result.errors[0].message
