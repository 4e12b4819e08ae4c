"""Hostile and malformed requests get a 4xx or a GraphQL error, never a 500 or a hung worker."""

from __future__ import annotations

import asyncio

import pytest
from conftest import GatewayClient


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
