"""A query text is validated once; invalid texts keep failing with their errors; the texts
remembered stay within their bytes."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from strawberry.schema import schema as strawberry_schema

from koko_shared.graphql.schema import ValidQueries, federation_schema


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


async def test_a_repeated_text_is_not_validated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    schema = federation_schema(query=Query)
    validated: list[object] = []
    original = strawberry_schema.validate_document

    def counting(*args: Any) -> Any:
        validated.append(args[1])
        return original(*args)

    monkeypatch.setattr(strawberry_schema, "validate_document", counting)
    # when
    for _ in range(3):
        result = await schema.execute('{ hello(name: "Welt") }')
        assert result.errors is None
    # then
    assert len(validated) == 1
    assert '{ hello(name: "Welt") }' in schema.valid_queries


async def test_the_validated_texts_stay_within_their_bytes_under_a_flood() -> None:
    # given a cache of 64 kB and texts of about 2 kB each
    valid = ValidQueries(max_bytes=64 * 1024)
    schema = federation_schema(query=Query, valid_queries=valid)
    # when 200 distinct valid texts arrive
    for index in range(200):
        padding = " " * 2000
        result = await schema.execute(f'{{ hello(name: "{index}"){padding}}}')
        assert result.errors is None
    # then
    assert valid.bytes <= 64 * 1024
    assert 0 < len(valid) < 200
