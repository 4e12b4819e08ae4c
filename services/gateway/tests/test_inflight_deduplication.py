"""In-flight deduplication: identical queries to one subgraph at the same moment are sent once;
different callers, languages and every mutation are sent on their own. Real HTTP to a subgraph
that counts what reaches it and holds every answer until the test lets it go, so the requests
overlap by construction: the test releases the subgraph once the fetches it expects have
arrived and the callers it expects have joined one (no sleeps; a broken deduplication never
reaches that point and the wait for it fails)."""

from __future__ import annotations

import asyncio
import threading
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
from koko_gateway.execution.inflight import InFlight
from koko_gateway.security.identity import bind_identity, reset_identity
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IdentitySigner

Scope = dict[str, Any]
# How long a test waits for fetches or joins that a working gateway makes at once; a broken one
# never makes them, and the test fails here instead of hanging.
GIVE_UP_SECONDS = 30


class CountingSubgraph:
    """The products subgraph, recording each GraphQL body it receives. A new one answers at once
    (other tests count its fetches, e.g. the response cache's); after `reset()` it answers only
    once `release` is set (it runs on a server thread, hence threading primitives)."""

    def __init__(self) -> None:
        self.app = GraphQL(products.schema)
        self.bodies: list[dict[str, Any]] = []
        self.release = threading.Event()
        self.release.set()
        self._arrived = threading.Condition()

    def reset(self) -> None:
        """Forgets the bodies seen and holds answers until `release` is set."""
        self.bodies.clear()
        self.release.clear()

    async def arrived(self, count: int) -> None:
        """Returns once `count` bodies have arrived (fails when they do not)."""

        def wait() -> bool:
            with self._arrived:
                return self._arrived.wait_for(
                    lambda: len(self.bodies) >= count, timeout=GIVE_UP_SECONDS
                )

        assert await asyncio.to_thread(wait), f"{len(self.bodies)} of {count} fetches arrived"

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
        with self._arrived:
            self.bodies.append(orjson.loads(body))
            self._arrived.notify_all()
        await asyncio.to_thread(self.release.wait)
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


class Joins:
    """Counts the callers that joined a fetch another caller started (`InFlight.on_shared`)."""

    def __init__(self, in_flight: InFlight | None) -> None:
        assert in_flight is not None
        self.count = 0
        self._changed = asyncio.Event()
        counted = in_flight.on_shared

        def shared() -> None:
            self.count += 1
            self._changed.set()
            if counted is not None:
                counted()

        in_flight.on_shared = shared

    async def reach(self, count: int) -> None:
        async def wait() -> None:
            while self.count < count:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(wait(), GIVE_UP_SECONDS)


def _products_in_flight(gateway: GatewayClient) -> InFlight | None:
    clients = gateway.app.state.gateway.clients.values()
    return next(c for c in clients if c.name == "products").in_flight  # type: ignore[no-any-return]


async def _release_after(
    subgraph: CountingSubgraph, fetches: int, joins: Joins | None, joined: int
) -> None:
    """Lets the subgraph answer once `fetches` have arrived and `joined` callers joined one."""
    try:
        await subgraph.arrived(fetches)
        if joins is not None:
            await joins.reach(joined)
    finally:
        subgraph.release.set()


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
    subgraph.reset()
    async for client in open_gateway(_sdl(server, subgraph_servers), gateway_settings()):
        yield client, subgraph


async def test_identical_concurrent_queries_reach_the_subgraph_once(
    deduplicating: tuple[GatewayClient, CountingSubgraph],
) -> None:
    gateway, subgraph = deduplicating
    joins = Joins(_products_in_flight(gateway))
    # when twenty visitors send the same search while the first fetch is under way
    answers, _ = await asyncio.gather(
        asyncio.gather(*(gateway.query("{ products { id name price } }") for _ in range(20))),
        _release_after(subgraph, 1, joins, 19),
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
    subgraph.reset()
    settings = gateway_settings(deduplicate_subgraph_fetches=False)
    async for gateway in open_gateway(_sdl(server, subgraph_servers), settings):
        # when: five at once, none answered before all five reached the subgraph
        await asyncio.gather(
            *(gateway.query("{ products { id } }") for _ in range(5)),
            _release_after(subgraph, 5, None, 0),
        )
    assert len(subgraph.bodies) == 5


async def test_other_variables_and_languages_are_other_fetches(
    deduplicating: tuple[GatewayClient, CountingSubgraph],
) -> None:
    gateway, subgraph = deduplicating
    query = "query ($id: ID!) { product(id: $id) { name } }"
    joins = Joins(_products_in_flight(gateway))
    # when: answered once p1, p2 and p1 in Arabic are fetched and the second p1 joined
    await asyncio.gather(
        _release_after(subgraph, 3, joins, 1),
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
    # when: four at once, none answered before all four reached the subgraph
    *answers, _ = await asyncio.gather(
        *(gateway.query(mutation) for _ in range(4)), _release_after(subgraph, 4, None, 0)
    )
    # then
    assert len(subgraph.bodies) == 4
    assert all(a["data"]["renameProduct"]["name"] == "Lamp" for a in answers)


async def test_callers_with_other_identities_do_not_share_an_answer(
    counting: tuple[CountingSubgraph, ServerThread],
) -> None:
    subgraph, server = counting
    subgraph.reset()
    client = SubgraphClient("products", server.url, timeout=5, retries=0)
    joins = Joins(client.in_flight)
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
        *answers, _ = await asyncio.gather(
            fetch_as(public),
            fetch_as(public),
            fetch_as(coordinator),
            _release_after(subgraph, 2, joins, 1),
        )
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
    subgraph.reset()
    client = SubgraphClient("products", server.url, timeout=5, retries=0)
    joins = Joins(client.in_flight)
    try:
        # given the first caller started the fetch (the subgraph holds it) and a second joined
        first = asyncio.create_task(client.request("{ products { id } }", {}, {}, retryable=True))
        await subgraph.arrived(1)
        second = asyncio.create_task(client.request("{ products { id } }", {}, {}, retryable=True))
        await joins.reach(1)
        # when the first caller goes away, and only then the subgraph answers
        first.cancel()
        subgraph.release.set()
        # then the second still gets the answer of the one fetch
        answer = await second
    finally:
        subgraph.release.set()
        await client.aclose()
    assert [p["id"] for p in answer["data"]["products"]] == ["p1", "p2", "p3"]
    assert len(subgraph.bodies) == 1
    assert client.in_flight is not None and len(client.in_flight) == 0
