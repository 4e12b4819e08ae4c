"""Hostile and malformed requests get a 4xx or a GraphQL error, never a 500 or a hung worker."""

from __future__ import annotations

import asyncio
import time

import pytest
from conftest import GatewayClient, gateway_settings, open_gateway
from graphql import get_introspection_query


async def _post(gateway: GatewayClient, **kwargs: object) -> tuple[int, dict[str, object]]:
    response = await asyncio.wait_for(gateway.http.post("/graphql", **kwargs), timeout=10)  # type: ignore[arg-type]
    return response.status_code, response.json()


async def test_depth_50(gateway: GatewayClient) -> None:
    query = "{ " + 'product(id: "p1") { ' * 1 + "warehouse { " * 49 + "id" + " }" * 50 + " }"
    status, body = await _post(gateway, json={"query": query})
    assert status == 400
    assert "depth" in str(body["errors"]).lower()


async def test_1000_aliases(gateway: GatewayClient) -> None:
    query = "{ " + " ".join(f"a{i}: color" for i in range(1000)) + " }"
    status, body = await _post(gateway, json={"query": query})
    assert status == 400
    assert "aliases" in str(body["errors"])


async def test_10_mb_body(gateway: GatewayClient) -> None:
    body = b'{"query": "{ echo(text: \\"' + b"x" * (10 * 1024 * 1024) + b'\\") }"}'
    status, result = await _post(
        gateway, content=body, headers={"content-type": "application/json"}
    )
    assert status == 413
    assert result["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"  # type: ignore[index]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ products(first: 100000) { id } }", None),
        ("query Q($n: Int) { products(first: $n) { id } }", {"n": 100000}),
    ],
)
async def test_page_size_over_100(
    gateway: GatewayClient, query: str, variables: dict[str, int] | None
) -> None:
    status, body = await _post(gateway, json={"query": query, "variables": variables})
    assert status == 400
    assert "Page size" in str(body["errors"])


async def test_page_size_of_100_is_allowed(gateway: GatewayClient) -> None:
    status, body = await _post(gateway, json={"query": "{ products(first: 100) { id } }"})
    assert status == 200 and len(body["data"]["products"]) == 3  # type: ignore[index]


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b"[1, 2]",
        b'{"query": 42}',
        b'{"query": "{ products { id "}',
        b'{"query": "{ nope }"}',
        b'{"query": "query A { echo(text: \\"a\\") } query B { color }"}',
        b'{"query": "{ color }", "variables": [1]}',
        b'{"query": "query Q($t: String!) { echo(text: $t) }", "variables": {"t": 5}}',
        b'{"query": "subscription { color }"}',
        b'{"query": "{ ...F } fragment F on Query { ...F }"}',
        b'{"query": "' + b"{ " * 3000 + b'"}',
    ],
)
async def test_malformed_documents(gateway: GatewayClient, payload: bytes) -> None:
    status, body = await _post(
        gateway, content=payload, headers={"content-type": "application/json"}
    )
    assert 400 <= status < 500
    assert body["errors"]


async def test_token_limit(gateway: GatewayClient) -> None:
    query = "{ " + "color " * 6000 + "}"
    status, body = await _post(gateway, json={"query": query})
    assert status == 400
    assert "token" in str(body["errors"]).lower()


async def test_unknown_persisted_operation_id(gateway: GatewayClient) -> None:
    status, body = await _post(
        gateway,
        json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "f" * 64}}},
    )
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"  # type: ignore[index]


async def test_the_gateway_still_answers_after_the_hostile_requests(
    gateway: GatewayClient,
) -> None:
    assert await gateway.query("{ color }") == {"data": {"color": "RED"}}


def _fragment_bomb(levels: int = 24) -> str:
    fragments = ["fragment F0 on Product { id }"]
    fragments += [
        f"fragment F{i} on Product {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)
    ]
    return f"{{ products(first: 1) {{ ...F{levels} }} }} {' '.join(fragments)}"


async def test_the_fragment_bomb_is_refused_in_milliseconds(gateway: GatewayClient) -> None:
    # given: issue 8.1, each fragment spreads the one before twice (2^24 fields expanded)
    query = _fragment_bomb()
    # when (CPU time of this process, which serves the gateway: expanding the 2^24 fields would
    # take minutes of it, judging the document linearly milliseconds; wall time also counts
    # whatever else the machine runs, and failed a whole-suite run at load 5.6 with 0.89 s)
    started = time.process_time()
    status, body = await _post(gateway, json={"query": query})
    elapsed = time.process_time() - started
    # then
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "OPERATION_LIMIT_EXCEEDED"  # type: ignore[index]
    assert "Estimated operation cost" in body["errors"][0]["message"]  # type: ignore[index]
    assert elapsed < 0.5, f"judging the bomb took {elapsed:.3f} s"


async def test_fragment_bombs_do_not_block_a_concurrent_request(supergraph_sdl: str) -> None:
    # given: twenty distinct bombs (no cache hit) sent together with an ordinary query, to a
    # gateway that admits them all at once: with adaptive admission a busy machine may shed some
    # (503 OVERLOADED, test_admission.py), and this test is about the judging alone
    settings = gateway_settings(adaptive_concurrency=False)
    async for gateway in open_gateway(supergraph_sdl, settings):
        await _bombs_beside_an_ordinary_query(gateway)


async def _bombs_beside_an_ordinary_query(gateway: GatewayClient) -> None:
    bombs = [_fragment_bomb(20 + i % 5) + f" # {i}" for i in range(20)]

    async def ordinary() -> float:
        started = time.perf_counter()
        assert await gateway.query("{ color }") == {"data": {"color": "RED"}}
        return time.perf_counter() - started

    # when
    results = await asyncio.gather(
        *(_post(gateway, json={"query": bomb}) for bomb in bombs), ordinary()
    )
    # then
    assert all(status == 400 for status, _ in results[:-1])  # type: ignore[misc]
    assert results[-1] < 1.0, f"the ordinary query waited {results[-1]:.2f} s"  # type: ignore[operator]


async def test_the_standard_introspection_query_works_in_development(
    gateway: GatewayClient,
) -> None:
    # given: what GraphiQL, Apollo Sandbox and codegen send (issue 10)
    query = get_introspection_query(descriptions=True)
    # when
    status, body = await _post(gateway, json={"query": query})
    # then
    assert status == 200, body
    types = {t["name"] for t in body["data"]["__schema"]["types"]}  # type: ignore[index]
    assert {"Query", "Product"} <= types


async def test_deeply_nested_introspection_is_refused(gateway: GatewayClient) -> None:
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    status, body = await _post(gateway, json={"query": query})
    assert status == 400
    assert "Introspection nests 3 member lists" in body["errors"][0]["message"]  # type: ignore[index]
