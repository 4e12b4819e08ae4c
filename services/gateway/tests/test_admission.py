"""Load shedding at the gateway: its own admission control refuses fast with 503 OVERLOADED and
Retry-After, a subgraph's OVERLOADED refusal is passed on the same way (not retried, and not
counted by the circuit breaker as an outage). The subgraph is a raw loopback server whose answers
the test holds with an asyncio event."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import orjson
from conftest import committed_supergraph, gateway_settings, open_gateway

from koko_gateway.circuit_breaker import CircuitState

Respond = Callable[[], Awaitable[tuple[int, bytes, str]]]
OVERLOADED_BODY = orjson.dumps(
    {
        "type": "urn:koko:problem:OVERLOADED",
        "status": 503,
        "errors": [{"message": "at capacity", "extensions": {"code": "OVERLOADED"}}],
    }
)


@asynccontextmanager
async def subgraph(respond: Respond) -> AsyncIterator[tuple[str, list[bytes]]]:
    """A loopback subgraph answering every request with `respond()`; yields its URL and the
    request bodies it received."""
    received: list[bytes] = []

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                received.append(await reader.readexactly(length))
                status, body, extra = await respond()
                writer.write(
                    f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{extra}"
                    f"content-length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the gateway closed its connection, or the test ended while one was held
        finally:
            writer.close()

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}/graphql", received


def shop(url: str) -> str:
    return committed_supergraph("shop", {"products": url, "inventory": url, "reviews": url})


async def test_a_subgraph_at_capacity_is_answered_503_with_retry_after_and_no_circuit_opens() -> (
    None
):
    async def overloaded() -> tuple[int, bytes, str]:
        return 503, OVERLOADED_BODY, "retry-after: 1\r\n"

    settings = gateway_settings(subgraph_retries=1, subgraph_circuit_failures=2)
    async with subgraph(overloaded) as (url, received):
        async for client in open_gateway(shop(url), settings):
            answers = [
                await client.http.post("/graphql", json={"query": "{ products { name } }"})
                for _ in range(5)
            ]
            gateway = client.http._transport.app.state.gateway  # type: ignore[attr-defined]
            (breaker,) = [c.breaker for c in gateway.clients.values() if c.name == "products"]
            # then: every request refused the way the subgraph refused it
            for answer in answers:
                assert answer.status_code == 503
                assert answer.headers["retry-after"] == "1"
                assert answer.json()["errors"][0]["extensions"]["code"] == "OVERLOADED"
            # and: asked once each (a crowd is not doubled by retries), the circuit stays closed
            assert len(received) == 5
            assert breaker.state == CircuitState.CLOSED and breaker.failures == 0
            # and: the subgraph is still asked (no circuit open answer instead)
            await client.http.post("/graphql", json={"query": "{ products { name } }"})
            assert len(received) == 6
            # and: the refusal is in the request's language, English without the header
            german = await client.http.post(
                "/graphql",
                json={"query": "{ products { name } }"},
                headers={"accept-language": "de"},
            )
            assert german.status_code == 503
            assert [a.json()["errors"][0]["message"] for a in (german, answers[0])] == [
                "Der Dienst ist ausgelastet; versuchen Sie es gleich noch einmal.",
                "The service is at capacity; try again in a moment.",
            ]
            assert german.headers["content-language"] == "de"


async def test_a_subgraph_at_capacity_is_named_in_the_request_language_where_failures_show() -> (
    None
):
    # given: the products subgraph answers, the reviews subgraph (entities) is at capacity
    async def respond() -> tuple[int, bytes, str]:
        if b"_entities" in received[-1]:
            return 503, OVERLOADED_BODY, "retry-after: 1\r\n"
        products = [{"__typename": "Product", "id": "1", "sku": "C-1", "name": "Chair"}]
        return 200, orjson.dumps({"data": {"products": products}}), ""

    settings = gateway_settings(expose_subgraph_errors=True)
    async with subgraph(respond) as (url, received):
        async for client in open_gateway(shop(url), settings):
            # when
            answers = [
                await client.http.post(
                    "/graphql", json={"query": "{ products { name rating } }"}, headers=headers
                )
                for headers in ({"accept-language": "de"}, {})
            ]
    # then: the partial answer names the subgraph at capacity in German, or in English
    messages = [
        [e["message"] for e in a.json()["errors"] if e["extensions"]["code"] == "OVERLOADED"]
        for a in answers
    ]
    assert messages == [
        ["Der Subgraph 'reviews' ist ausgelastet; versuchen Sie es gleich noch einmal"],
        ["subgraph 'reviews' is at capacity; try again in a moment"],
    ]


async def test_past_its_limit_the_gateway_refuses_at_once_without_asking_the_subgraph() -> None:
    release = asyncio.Event()

    arrived = asyncio.Event()

    async def held() -> tuple[int, bytes, str]:
        arrived.set()
        await release.wait()
        return 200, orjson.dumps({"data": {"products": [{"name": "Chair"}]}}), ""

    settings = gateway_settings(
        adaptive_concurrency=False, max_concurrent_requests=1, admission_queue_seconds=0.05
    )
    async with subgraph(held) as (url, received):
        async for client in open_gateway(shop(url), settings):
            query = {"query": "{ products { name } }"}
            first = asyncio.create_task(client.http.post("/graphql", json=query))
            await asyncio.wait_for(arrived.wait(), 30)
            assert len(received) == 1  # the first request holds the only place
            # when: a second request arrives
            refused = await asyncio.wait_for(client.http.post("/graphql", json=query), 5)
            # then: 503 with Retry-After, and the subgraph never saw it
            assert refused.status_code == 503
            assert refused.headers["retry-after"] == "1"
            assert refused.headers["cache-control"] == "no-store"
            assert refused.json()["errors"][0]["extensions"]["code"] == "OVERLOADED"
            assert len(received) == 1
            # and: in the request's language (English without the header, as above)
            german = await asyncio.wait_for(
                client.http.post("/graphql", json=query, headers={"accept-language": "de"}), 5
            )
            assert (german.status_code, german.headers["content-language"]) == (503, "de")
            assert [r.json()["errors"][0]["message"] for r in (german, refused)] == [
                "Der Dienst ist ausgelastet; versuchen Sie es gleich noch einmal.",
                "The service is at capacity; try again in a moment.",
            ]
            assert len(received) == 1
            release.set()
            served = await first
            assert served.status_code == 200
            assert served.json() == {"data": {"products": [{"name": "Chair"}]}}
