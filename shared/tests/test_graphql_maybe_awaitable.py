"""A resolver that has its value at hand answers at once, one that must wait returns an
awaitable; both through the same `then`, and graphql-core completes either."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import strawberry
from strawberry.types import Info

from koko_shared.graphql.maybe_awaitable import MaybeAwaitable, then
from koko_shared.graphql.selection import selected_below


def test_a_value_is_mapped_at_once() -> None:
    assert then(20, lambda n: n + 1) == 21


async def test_an_awaitable_is_mapped_once_it_is_there() -> None:
    async def later() -> int:
        await asyncio.sleep(0)
        return 20

    mapped = then(later(), lambda n: n + 1)
    assert inspect.isawaitable(mapped)
    assert await mapped == 21


seen: list[frozenset[str]] = []


@strawberry.type
class Card:
    number: int

    @strawberry.field(graphql_type=int)
    def double(self, wait: bool = False) -> MaybeAwaitable[int]:
        async def slowly() -> int:
            await asyncio.sleep(0)
            return self.number

        return then(slowly() if wait else self.number, lambda n: n * 2)


@strawberry.type
class Edge:
    node: Card


@strawberry.type
class Query:
    @strawberry.field
    def cards(self, info: Info[Any, None]) -> list[Edge]:
        seen.append(selected_below(info, ("node",)))
        return [Edge(node=Card(number=n)) for n in (1, 2)]


async def test_plain_resolvers_answer_values_and_awaitables_alike() -> None:
    schema = strawberry.Schema(query=Query)
    result = await schema.execute("{ cards { node { now: double later: double(wait: true) } } }")
    assert result.errors is None
    assert result.data == {
        "cards": [{"node": {"now": 2, "later": 2}}, {"node": {"now": 4, "later": 4}}]
    }


async def test_the_selection_below_a_path_sees_through_fragments_and_aliases() -> None:
    schema = strawberry.Schema(query=Query)
    seen.clear()
    result = await schema.execute(
        """{ cards { ...Nodes node { ... on Card { twice: double } } } }
        fragment Nodes on Edge { node { number ... { number } } }"""
    )
    assert result.errors is None
    assert seen == [frozenset({"number", "double"})]
    seen.clear()
    await schema.execute("{ cards { __typename } }")
    assert seen == [frozenset()]
