"""In-flight deduplication: identical queries to one subgraph at the same moment are sent once;
different callers, languages and every mutation are sent on their own. Real HTTP to a subgraph
that counts what reaches it and answers slowly enough for the requests to overlap."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import orjson
import pytest
from conftest import GatewayClient, committed_supergraph, gateway_settings, open_gateway
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from servers import ServerThread
from strawberry.asgi import GraphQL
from subgraphs import products

from koko_gateway.execution.fetcher import SubgraphClient
from koko_gateway.security.identity import bind_identity, reset_identity
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IdentitySigner

Scope = dict[str, Any]


class CountingSubgraph:
    """The products subgraph, recording each GraphQL body it receives and answering 0.3 s late."""

    def __init__(self) -> None:
        self.app = GraphQL(products.schema)
        self.bodies: list[dict[str, Any]] = []

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        self.bodies.append(orjson.loads(body))
        await asyncio.sleep(0.3)
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


@pytest.fixture(scope="module")
def counting() -> Iterator[tuple[CountingSubgraph, ServerThread]]:
    subgraph = CountingSubgraph()
    server = ServerThread(subgraph)
    server.start()
    yield subgraph, server
    server.stop()


def _sdl(counting: ServerThread, others: dict[str, ServerThread]) -> str:
    urls = {name: server.url for name, server in others.items()}
    urls["products"] = counting.url
    return committed_supergraph("shop", urls)


@pytest.fixture
async def deduplicating(
    counting: tuple[CountingSubgraph, ServerThread], subgraph_servers: dict[str, ServerThread]
) -> AsyncIterator[tuple[GatewayClient, CountingSubgraph]]:
    subgraph, server = counting
    subgraph.bodies.clear()
    async for client in open_gateway(_sdl(server, subgraph_servers), gateway_settings()):
        yield client, subgraph


async def test_identical_concurrent_queries_reach_the_subgraph_once(
    deduplicating: tuple[GatewayClient, CountingSubgraph],
) -> None:
    gateway, subgraph = deduplicating
    # when twenty visitors send the same search at the same moment
    answers = await asyncio.gather(
        *(gateway.query("{ products { id name price } }") for _ in range(20))
    )
    # then the subgraph saw one query and every visitor got the full answer
    assert len(subgraph.bodies) == 1
    expected = [
        {"id": "p1", "name": "Chair", "price": 100},
        {"id": "p2", "name": "Table", "price": 300},
        {"id": "p3", "name": "Lamp", "price": 40},
    ]
    assert all(a == {"data": {"products": expected}} for a in answers)


async def test_without_deduplication_every_query_is_sent(
    counting: tuple[CountingSubgraph, ServerThread], subgraph_servers: dict[str, ServerThread]
) -> None:
    subgraph, server = counting
    subgraph.bodies.clear()
    settings = gateway_settings(deduplicate_subgraph_fetches=False)
    async for gateway in open_gateway(_sdl(server, subgraph_servers), settings):
        await asyncio.gather(*(gateway.query("{ products { id } }") for _ in range(5)))
    assert len(subgraph.bodies) == 5


async def test_other_variables_and_languages_are_other_fetches(
    deduplicating: tuple[GatewayClient, CountingSubgraph],
) -> None:
    gateway, subgraph = deduplicating
    query = "query ($id: ID!) { product(id: $id) { name } }"
    # when
    await asyncio.gather(
        gateway.query(query, {"id": "p1"}),
        gateway.query(query, {"id": "p1"}),
        gateway.query(query, {"id": "p2"}),
        gateway.http.post(
            "/graphql",
            json={"query": query, "variables": {"id": "p1"}},
            headers={"Accept-Language": "ar"},
        ),
    )
    # then: p1, p2 and p1 in Arabic
    assert sorted(str(b["variables"]) for b in subgraph.bodies) == [
        "{'id': 'p1'}",
        "{'id': 'p1'}",
        "{'id': 'p2'}",
    ]


async def test_mutations_are_never_shared(
    deduplicating: tuple[GatewayClient, CountingSubgraph],
) -> None:
    gateway, subgraph = deduplicating
    mutation = 'mutation { renameProduct(id: "p3", name: "Lamp") { name } }'
    # when
    answers = await asyncio.gather(*(gateway.query(mutation) for _ in range(4)))
    # then
    assert len(subgraph.bodies) == 4
    assert all(a["data"]["renameProduct"]["name"] == "Lamp" for a in answers)


async def test_callers_with_other_identities_do_not_share_an_answer(
    counting: tuple[CountingSubgraph, ServerThread],
) -> None:
    subgraph, server = counting
    subgraph.bodies.clear()
    client = SubgraphClient("products", server.url, timeout=5, retries=0)
    signer = IdentitySigner(Ed25519PrivateKey.generate(), "test")
    coordinator = Actor("c-1", (Grant(Role.COORDINATOR, "150030000000"),))
    public = Actor("anonymous")

    async def fetch_as(actor: Actor) -> dict[str, Any]:
        token = bind_identity(signer, actor)
        try:
            return await client.request("{ products { id } }", {}, {}, retryable=True)
        finally:
            reset_identity(token)

    try:
        # when: two anonymous visitors and one coordinator at once
        answers = await asyncio.gather(fetch_as(public), fetch_as(public), fetch_as(coordinator))
    finally:
        await client.aclose()
    # then: one fetch per identity, and each caller holds its own copy of the answer
    assert len(subgraph.bodies) == 2
    assert answers[0] == answers[1] and answers[0] is not answers[1]
    answers[0]["data"]["products"].clear()
    assert len(answers[1]["data"]["products"]) == 3


async def test_a_caller_that_goes_away_does_not_cancel_the_fetch_for_the_others(
    counting: tuple[CountingSubgraph, ServerThread],
) -> None:
    subgraph, server = counting
    subgraph.bodies.clear()
    client = SubgraphClient("products", server.url, timeout=5, retries=0)
    try:
        # given the first caller started the fetch and a second joined it
        first = asyncio.create_task(client.request("{ products { id } }", {}, {}, retryable=True))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(client.request("{ products { id } }", {}, {}, retryable=True))
        await asyncio.sleep(0.05)
        # when the first caller goes away
        first.cancel()
        # then the second still gets the answer of the one fetch
        answer = await second
    finally:
        await client.aclose()
    assert [p["id"] for p in answer["data"]["products"]] == ["p1", "p2", "p3"]
    assert len(subgraph.bodies) == 1
    assert client.in_flight is not None and len(client.in_flight) == 0
