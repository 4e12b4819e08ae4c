"""A selection set's fields are prepared once per request and executed on every object of a list
from that preparation (koko_shared.graphql.column_fields): the field's definition, nodes and,
where they are the same for every object, its arguments. Every query here is answered exactly
as graphql-core answers it without the preparation: data, errors with their paths, aliases,
fragments, @include/@skip, arguments from literals, defaults and variables, mutable arguments,
resolvers that raise, return null for a non-null field, wait, or return a value that does not
coerce, abstract fields."""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

import pytest
import strawberry

from koko_shared.graphql import column_fields
from koko_shared.graphql.column_fields import serve_column_fields


@strawberry.enum
class Size(Enum):
    SMALL = "small"
    LARGE = "large"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Tag(Named):
    weight: int


@strawberry.type
class Item(Named):
    size: Size
    price: int | None

    @strawberry.field
    def label(self, lang: str = "de", upper: bool = False) -> str:
        text = f"{self.name}/{lang}"
        return text.upper() if upper else text

    @strawberry.field
    def tagged(self, extra: list[str] | None = None) -> list[str]:
        # Changes its argument: the next object must still get the list as sent.
        values = extra if extra is not None else []
        values.append(self.name)
        return list(values)

    @strawberry.field
    async def later(self, times: int = 1) -> str:
        await asyncio.sleep(0)
        return self.name * times

    @strawberry.field
    async def later_broken(self) -> str:
        await asyncio.sleep(0)
        raise ValueError(f"later broken {self.name}")

    @strawberry.field
    def broken(self) -> str:
        raise ValueError(f"broken {self.name}")

    @strawberry.field
    def missing(self) -> str:
        return None  # type: ignore[return-value]

    @strawberry.field
    def odd_size(self) -> Size:
        return "medium"  # type: ignore[return-value]

    @strawberry.field
    def number(self) -> int:
        return "many" if self.name == "c" else len(self.name)  # type: ignore[return-value]

    @strawberry.field
    def tags(self) -> list[Tag]:
        return [Tag(name=f"{self.name}-t", weight=1)]

    @strawberry.field
    def best(self) -> Named:
        return Tag(name=f"{self.name}-best", weight=2)


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [
            Item(name="a", size=Size.SMALL, price=3),
            Item(name="bb", size=Size.LARGE, price=None),
            Item(name="c", size=Size.SMALL, price=7),
        ]


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    plain = strawberry.Schema(query=Query, types=[Tag])
    served = strawberry.Schema(query=Query, types=[Tag])
    serve_column_fields(served)
    return plain, served


QUERIES = [
    '{ items { name size price first: label second: label(lang: "en", upper: true) } }',
    "query($lang: String!) { items { label(lang: $lang) again: label(lang: $lang) } }",
    '{ items { tagged(extra: ["x"]) none: tagged } }',
    "query($extra: [String!]) { items { tagged(extra: $extra) } }",
    "{ items { later twice: later(times: 2) } }",
    "{ items { name laterBroken } }",
    "{ items { name broken } }",
    "{ items { name missing } }",
    "{ items { name oddSize } }",
    "{ items { name number } }",
    "{ items { ...parts tags { name weight } } } fragment parts on Item { name size }",
    "{ items { best { name ... on Tag { weight } } } }",
    "query($yes: Boolean!) { items { name @include(if: $yes) size @skip(if: $yes) } }",
    "{ items { __typename name } }",
]
VARIABLES = {"lang": "ar", "extra": ["v"], "yes": True}


@pytest.mark.parametrize("query", QUERIES)
async def test_answers_as_graphql_core_answers(query: str) -> None:
    plain, served = _schemas()
    expected = await plain.execute(query, variable_values=VARIABLES)
    answered = await served.execute(query, variable_values=VARIABLES)
    assert answered.data == expected.data
    assert [(e.message, e.path) for e in answered.errors or []] == [
        (e.message, e.path) for e in expected.errors or []
    ]


async def test_a_mutable_argument_is_fresh_for_every_object() -> None:
    _, served = _schemas()
    result = await served.execute('{ items { tagged(extra: ["x"]) } }')
    assert result.errors is None
    assert [item["tagged"] for item in result.data["items"]] == [
        ["x", "a"],
        ["x", "bb"],
        ["x", "c"],
    ]


async def test_literal_arguments_are_read_once_per_selection_set(monkeypatch: Any) -> None:
    calls: list[str] = []
    original = column_fields.get_argument_values

    def counting(field_def: Any, node: Any, *args: Any) -> Any:
        calls.append(node.name.value)
        return original(field_def, node, *args)

    monkeypatch.setattr(column_fields, "get_argument_values", counting)
    _, served = _schemas()
    result = await served.execute(
        'query($lang: String!) { items { label(lang: "en") other: label(lang: $lang) } }',
        variable_values={"lang": "ar"},
    )
    assert result.errors is None
    assert [item["label"] for item in result.data["items"]] == ["a/en", "bb/en", "c/en"]
    # the literal once for the three items; the variable once per item
    assert calls.count("label") == 1 + 3
