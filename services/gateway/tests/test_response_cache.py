"""The response cache: complete answers to anonymous queries are kept for the public max-age and
given to the next anonymous caller without asking a subgraph; never for credentials, mutations,
errors, another language or a client asking for a fresh answer; bounded in bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from conftest import GatewayClient, gateway_settings, open_gateway
from servers import ServerThread
from test_inflight_deduplication import CountingSubgraph, _sdl

from koko_gateway.preparation import Response
from koko_gateway.response_cache import ResponseCache, wants_fresh
from koko_shared.auth.actor import Role
from koko_shared.testing.clock import ManualClock
from koko_shared.testing.identity import TestTokens


@pytest.fixture(scope="module")
def counted() -> Iterator[tuple[CountingSubgraph, ServerThread]]:
    subgraph = CountingSubgraph()
    server = ServerThread(subgraph)
    server.start()
    yield subgraph, server
    server.stop()


@pytest.fixture
async def caching(
    counted: tuple[CountingSubgraph, ServerThread],
    subgraph_servers: dict[str, ServerThread],
    tmp_path: Path,
) -> AsyncIterator[tuple[GatewayClient, CountingSubgraph, TestTokens]]:
    subgraph, server = counted
    subgraph.bodies.clear()
    tokens = TestTokens(tmp_path / "idp", issuer="https://idp.test", audience="koko")
    settings = gateway_settings(
        jwt_issuer="https://idp.test",
        jwt_audience="koko",
        jwks_file=tokens.jwks_file,
        public_cache_max_age_seconds=30,
    )
    async for client in open_gateway(_sdl(server, subgraph_servers), settings):
        yield client, subgraph, tokens


async def test_an_anonymous_query_is_answered_once_for_everyone(
    caching: tuple[GatewayClient, CountingSubgraph, TestTokens],
) -> None:
    gateway, subgraph, _ = caching
    # when the same search comes by POST, then by GET, then by POST again
    first = await gateway.query("{ products { id name } }")
    by_get = await gateway.http.get("/graphql", params={"query": "{ products { id name } }"})
    again = await gateway.query("{ products { id name } }")
    # then the subgraph was asked once, and everyone got the same complete answer
    assert len(subgraph.bodies) == 1
    assert first == by_get.json() == again
    assert [p["id"] for p in first["data"]["products"]] == ["p1", "p2", "p3"]


async def test_credentials_languages_fresh_requests_and_mutations_go_to_the_subgraph(
    caching: tuple[GatewayClient, CountingSubgraph, TestTokens],
) -> None:
    gateway, subgraph, tokens = caching
    query = {"query": '{ product(id: "p2") { name } }'}
    await gateway.http.post("/graphql", json=query)
    # a signed-in caller, another language, a client wanting a fresh answer
    await gateway.http.post(
        "/graphql", json=query, headers=tokens.for_role(Role.COORDINATOR, "150030000000")
    )
    await gateway.http.post("/graphql", json=query, headers={"Accept-Language": "ar"})
    await gateway.http.post("/graphql", json=query, headers={"Cache-Control": "no-cache"})
    # two identical mutations
    mutation = {"query": 'mutation { renameProduct(id: "p2", name: "Table") { name } }'}
    await gateway.http.post("/graphql", json=mutation)
    await gateway.http.post("/graphql", json=mutation)
    # then: every one of those reached the subgraph (6); the anonymous repeat did not
    await gateway.http.post("/graphql", json=query)
    assert len(subgraph.bodies) == 6


async def test_errors_and_refusals_are_never_kept() -> None:
    cache = ResponseCache(max_bytes=100_000, ttl_seconds=30)
    partial = ResponseCache.key("{ a b }", None, {}, "de")
    refused = ResponseCache.key("{ c }", None, {}, "de")
    await cache.put(
        partial, Response(200, {"data": {"a": 1, "b": None}, "errors": [{"message": "x"}]})
    )
    await cache.put(refused, Response(400, {"errors": [{"message": "y"}]}))
    assert await cache.get(partial) is None and await cache.get(refused) is None


async def test_kept_answers_expire_and_stay_within_their_bytes() -> None:
    clock = ManualClock()
    cache = ResponseCache(max_bytes=10_000, ttl_seconds=30, clock=clock)
    key = ResponseCache.key("{ a }", None, {}, "de")
    await cache.put(key, Response(200, {"data": {"a": "x" * 100}}))
    clock.advance(29.9)
    assert await cache.get(key) is not None
    clock.advance(0.1)
    assert await cache.get(key) is None
    for number in range(100):
        await cache.put(
            ResponseCache.key(f"{{ a{number} }}", None, {}, "de"),
            Response(200, {"data": {"a": "y" * 500}}),
        )
    assert cache.entries.bytes <= 10_000


@pytest.mark.parametrize(
    ("header", "fresh"),
    [
        (None, False),
        ("max-age=60", False),
        ("no-cache", True),
        ("max-age=0", True),
        ("No-Store", True),
    ],
)
def test_a_client_can_ask_for_a_fresh_answer(header: str | None, fresh: bool) -> None:
    assert wants_fresh(header) is fresh
