"""Replicas share kept answers through Redis (`response_cache_redis_url`): a search one replica
executed is answered by the others without asking a subgraph, until the same moment of expiry;
entries that were not signed by this gateway's key are ignored; without Redis every replica goes on
from its own memory."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
import redis.asyncio as redis
from conftest import GatewayClient, gateway_settings, open_gateway
from servers import ServerThread
from test_inflight_deduplication import CountingSubgraph, _sdl

from koko_gateway.response_cache import REDIS_PREFIX, ResponseCache
from koko_shared.testing.services import REDIS_URL


@pytest.fixture(scope="module")
def counted() -> Iterator[tuple[CountingSubgraph, ServerThread]]:
    subgraph = CountingSubgraph()
    server = ServerThread(subgraph)
    server.start()
    yield subgraph, server
    server.stop()


@asynccontextmanager
async def replicas(sdl: str, count: int, **settings: Any) -> AsyncIterator[list[GatewayClient]]:
    """`count` gateways with the same settings (one key, one Redis), as replicas behind a
    load balancer would run."""
    async with AsyncExitStack() as stack:
        clients = []
        for _ in range(count):
            opened = open_gateway(sdl, gateway_settings(**settings))
            clients.append(await opened.__anext__())
            stack.push_async_callback(opened.aclose)
        yield clients


def _search() -> str:
    # A comment of its own per test run: the kept answer of an earlier run is not this one's.
    return f"# run {uuid.uuid4().hex}\n{{ products {{ id name }} }}"


@pytest.mark.requires_tool("redis")
async def test_a_search_one_replica_executed_is_answered_by_the_others(
    counted: tuple[CountingSubgraph, ServerThread], subgraph_servers: dict[str, ServerThread]
) -> None:
    subgraph, server = counted
    subgraph.bodies.clear()
    query = _search()
    async with replicas(_sdl(server, subgraph_servers), 3, response_cache_redis_url=REDIS_URL) as (
        first,
        second,
        third,
    ):
        # when the same anonymous search reaches three replicas one after the other
        answers = [await gateway.query(query) for gateway in (first, second, third)]
    # then one of them asked the subgraph, and all three gave the same complete answer
    assert len(subgraph.bodies) == 1
    assert answers[0] == answers[1] == answers[2]
    assert [p["id"] for p in answers[0]["data"]["products"]] == ["p1", "p2", "p3"]


@pytest.mark.requires_tool("redis")
async def test_an_entry_not_signed_by_the_gateway_is_ignored(
    counted: tuple[CountingSubgraph, ServerThread], subgraph_servers: dict[str, ServerThread]
) -> None:
    subgraph, server = counted
    subgraph.bodies.clear()
    query = _search()
    # given: someone who can write to Redis plants an answer under the search's key
    key = REDIS_PREFIX + ResponseCache.key(query, None, {}, "de").hex()
    planted = b"\0" * 32 + b'{"body":{"data":{"products":[]}},"operation":null}'
    store = redis.Redis.from_url(REDIS_URL)
    await store.set(key, planted, px=30_000)
    try:
        async with replicas(
            _sdl(server, subgraph_servers), 1, response_cache_redis_url=REDIS_URL
        ) as (gateway,):
            answer = await gateway.query(query)
    finally:
        await store.aclose()
    # then the gateway executed the search itself
    assert len(subgraph.bodies) == 1
    assert len(answer["data"]["products"]) == 3


async def test_without_redis_every_replica_answers_from_its_own_memory(
    counted: tuple[CountingSubgraph, ServerThread], subgraph_servers: dict[str, ServerThread]
) -> None:
    subgraph, server = counted
    subgraph.bodies.clear()
    query = _search()
    # given: a Redis URL where nothing listens
    async with replicas(
        _sdl(server, subgraph_servers), 2, response_cache_redis_url="redis://127.0.0.1:9/0"
    ) as (first, second):
        # when each replica is asked twice
        answers = [await g.query(query) for g in (first, first, second, second)]
    # then each replica executed it once and kept it in memory; nobody saw an error
    assert len(subgraph.bodies) == 2
    assert all("errors" not in a and len(a["data"]["products"]) == 3 for a in answers)
