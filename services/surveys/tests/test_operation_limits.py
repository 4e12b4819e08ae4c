"""The surveys subgraph enforces the same operation limits as the gateway (issue 8.5)."""

from __future__ import annotations

import httpx


async def test_aliased_pages_are_refused_with_a_code(client: httpx.AsyncClient) -> None:
    query = (
        "{ "
        + " ".join(f"s{i}: studies(first: 100) {{ edges {{ node {{ id }} }} }}" for i in range(300))
        + " }"
    )
    response = await client.post("/graphql", json={"query": query})
    body = response.json()
    assert body.get("data") is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"OPERATION_LIMIT_EXCEEDED"}


async def test_5000_entity_representations_are_refused(client: httpx.AsyncClient) -> None:
    query = "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }"
    representations = [{"__typename": "Study", "id": str(i)} for i in range(5_000)]
    response = await client.post(
        "/graphql", json={"query": query, "variables": {"r": representations}}
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "OPERATION_LIMIT_EXCEEDED"
    assert "5000 entity representations" in body["errors"][0]["message"]


async def test_a_2_mb_body_is_refused_with_413(client: httpx.AsyncClient) -> None:
    payload = b'{"query": "{ __typename }", "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = await client.post(
        "/graphql", content=payload, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["type"].endswith("PAYLOAD_TOO_LARGE")
