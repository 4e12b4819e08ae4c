"""Hostile and malformed requests against the real system: a 4xx or a GraphQL error, never a 500,
and the gateway keeps answering real queries afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

APOLLO_ACCEPT = "application/graphql-response+json,application/json;q=0.9"
HEALTHY = '{ region(ars: "150030000000") { name demand { level } } }'


@pytest.fixture
async def http(system: System) -> AsyncIterator[httpx.AsyncClient]:
    # Accepting what Apollo Client 4 accepts: a refused document is a 4xx (application/json
    # clients get a 200 with the same errors: test_error_codes.py).
    async with httpx.AsyncClient(
        base_url=system.gateway.url, timeout=20, headers={"accept": APOLLO_ACCEPT}
    ) as client:
        yield client
    # Whatever the test sent, the gateway still answers across both subgraphs.
    async with httpx.AsyncClient(base_url=system.gateway.url, timeout=20) as client:
        response = await client.post("/graphql", json={"query": HEALTHY})
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["region"]["name"] == "Magdeburg" and body["data"]["region"]["demand"]
    assert "errors" not in body


def _refused(response: httpx.Response) -> list[dict[str, Any]]:
    """A 4xx with GraphQL errors, or a 200 whose errors explain a null (never a 5xx)."""
    assert response.status_code < 500, response.text[:500]
    body = response.json()
    assert body.get("errors"), body
    if response.status_code == 200:
        assert body.get("data") is None or all(value is None for value in body["data"].values()), (
            body
        )
    else:
        assert 400 <= response.status_code < 500
    errors: list[dict[str, Any]] = body["errors"]
    return errors


async def test_depth_50(http: httpx.AsyncClient) -> None:
    inner = "region { studies { " * 24 + "code" + " } }" * 24
    query = '{ region(ars: "150030000000") { studies { ' + inner + " } } }"
    errors = _refused(await http.post("/graphql", json={"query": query}))
    assert "depth" in str(errors).lower()


async def test_1000_aliases(http: httpx.AsyncClient) -> None:
    query = "{ " + " ".join(f"a{i}: regions {{ ars }}" for i in range(1000)) + " }"
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 400
    _refused(response)


async def test_10_mb_body(http: httpx.AsyncClient) -> None:
    body = (
        b'{"query": "{ offers(filter: {search: \\"'
        + b"x" * (10 * 1024 * 1024)
        + b'\\"}) { totalCount } }"}'
    )
    response = await http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert _refused(response)[0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ offers(first: 100000) { totalCount } }", None),
        ("query ($n: Int) { offers(first: $n) { totalCount } }", {"n": 100000}),
        ("{ offers(first: -1) { totalCount } }", None),
    ],
)
async def test_huge_pages(
    http: httpx.AsyncClient, query: str, variables: dict[str, int] | None
) -> None:
    _refused(await http.post("/graphql", json={"query": query, "variables": variables}))


@pytest.mark.parametrize(
    "payload",
    [
        b"{ offers { totalCount } }",  # not JSON
        b'{"query": "{ offers { totalCount "}',  # unterminated document
        b'{"query": "query { offers(first: ) { totalCount } }"}',
        b'{"query": "{ offers { nope } }"}',  # unknown field
        b'{"query": "{ ...F } fragment F on Query { ...F }"}',  # fragment cycle
        b'{"query": 42}',
        b'{"query": "{ offers { totalCount } }", "variables": [1]}',
        b'{"query": "query ($f: OfferFilter) { offers(filter: $f) { totalCount } }",'
        b' "variables": {"f": {"status": ["NOPE"]}}}',
        b"[" * 100_000 + b"]" * 100_000,  # nesting bomb
        b"[]",
        b"",
    ],
)
async def test_malformed_requests(http: httpx.AsyncClient, payload: bytes) -> None:
    response = await http.post(
        "/graphql", content=payload, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500, response.text[:500]
    _refused(response)


async def test_unknown_persisted_operation(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql",
        json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}},
    )
    assert response.status_code == 400
    assert _refused(response)[0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    response = await http.get("/graphql", params={"documentId": "no-such-operation"})
    assert response.status_code == 400
    assert _refused(response)[0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_mutations_cannot_ride_on_get(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql",
        params={
            "query": 'mutation { offerPublish(input: {id: "x", expectedVersion: 1})'
            " { errors { code } } }"
        },
    )
    assert response.status_code == 405
    assert _refused(response)[0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
