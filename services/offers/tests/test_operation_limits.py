"""The offers subgraph enforces the operation limits itself (issue 8.5): it is reachable inside
the cluster without the gateway in front."""

from __future__ import annotations

import gc
import time

import httpx
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.testing.gateway_edge import gateway_client


def _codes(body: dict[str, object]) -> set[object]:
    return {e["extensions"]["code"] for e in body["errors"]}  # type: ignore[attr-defined,index]


async def test_300_aliased_pages_of_100_offers_are_refused_quickly(
    client: httpx.AsyncClient,
) -> None:
    # given: issue 8.5, 8.5 s and 5.8 MB when the subgraph was called directly
    pages = (f"o{i}: offers(first: 100) {{ edges {{ node {{ id title }} }} }}" for i in range(300))
    query = "{ " + " ".join(pages) + " }"
    # A full collection of the whole test process's objects, due whenever enough have piled up,
    # is not the cost of refusing the operation: collect before the clock starts.
    gc.collect()
    # when
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": query})
    elapsed = time.perf_counter() - started
    # then: over the token limit already
    body = response.json()
    assert body.get("data") is None
    assert _codes(body) == {"OPERATION_LIMIT_EXCEEDED"}
    assert elapsed < 1.0


async def test_aliased_pages_under_the_token_limit_are_refused_for_aliases_and_cost(
    client: httpx.AsyncClient,
) -> None:
    # given
    query = (
        "{ "
        + " ".join(
            f"o{i}: offers(first: 100) {{ edges {{ node {{ id title }} }} }}" for i in range(60)
        )
        + " }"
    )
    # when
    response = await client.post("/graphql", json={"query": query})
    # then
    body = response.json()
    assert body.get("data") is None
    assert _codes(body) == {"OPERATION_LIMIT_EXCEEDED"}
    messages = " ".join(e["message"] for e in body["errors"])
    assert "60 aliases" in messages and "Estimated operation cost" in messages


async def test_5000_entity_representations_are_refused(client: httpx.AsyncClient) -> None:
    # given
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { id } } }"
    representations = [{"__typename": "Offer", "id": f"o{i}"} for i in range(5_000)]
    # when
    response = await client.post(
        "/graphql", json={"query": query, "variables": {"r": representations}}
    )
    # then
    body = response.json()
    assert body.get("data") is None
    assert _codes(body) == {"OPERATION_LIMIT_EXCEEDED"}
    assert "5000 entity representations" in body["errors"][0]["message"]


async def test_a_document_over_the_token_limit_is_refused(client: httpx.AsyncClient) -> None:
    query = "{ " + "a " * 6000 + "}"  # 12 kB: under the byte limit, over the token limit
    response = await client.post("/graphql", json={"query": query})
    body = response.json()
    assert _codes(body) == {"OPERATION_LIMIT_EXCEEDED"}
    assert "more than 5000 tokens" in body["errors"][0]["message"]


async def test_a_document_padded_with_a_comment_is_refused_by_its_bytes(
    client: httpx.AsyncClient,
) -> None:
    # a 100 kB comment is one token: only the byte limit sees it
    query = "{ __typename } #" + "x" * 100_000
    response = await client.post("/graphql", json={"query": query})
    body = response.json()
    assert _codes(body) == {"OPERATION_LIMIT_EXCEEDED"}
    assert body["errors"][0]["message"] == "The document has 100016 bytes; the limit is 65536."


async def test_a_page_over_100_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ offers(first: 101) { edges { node { id } } } }"}
    )
    body = response.json()
    assert _codes(body) == {"OPERATION_LIMIT_EXCEEDED"}
    assert "Page size 101" in body["errors"][0]["message"]


async def test_a_10_mb_body_is_refused_with_413(client: httpx.AsyncClient) -> None:
    # given: a 10 MB body, declared and (chunked) undeclared
    payload = b'{"query": "{ __typename }", "pad": "' + b"x" * (10 * 1024 * 1024) + b'"}'

    async def chunks():  # type: ignore[no-untyped-def]
        for start in range(0, len(payload), 1 << 20):
            yield payload[start : start + (1 << 20)]

    # when
    declared = await client.post(
        "/graphql", content=payload, headers={"content-type": "application/json"}
    )
    streamed = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    # then
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["type"].endswith("PAYLOAD_TOO_LARGE")


async def test_an_ordinary_query_still_passes(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ offers(first: 100) { edges { node { id } } } }"}
    )
    assert response.status_code == 200
    assert "errors" not in response.json()


async def test_the_services_own_limits_apply_not_the_defaults(
    settings: OffersSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    database_url: URL,
) -> None:
    # given: a service configured for pages of at most 10 (the default allows 100)
    app = create_app(settings.model_copy(update={"max_page_size": 10}))
    app.state.sessionmaker, app.state.engine = sessionmaker, engine
    app.state.database_url = database_url
    async with gateway_client(app, "offers", "http://offers.test") as client:
        # when
        over = await client.post("/graphql", json={"query": "{ offers(first: 11) { totalCount } }"})
        within = await client.post(
            "/graphql", json={"query": "{ offers(first: 10) { edges { node { id } } } }"}
        )
    # then: the request's app's limits decided, and only over them is refused
    body = over.json()
    assert body.get("data") is None and _codes(body) == {"OPERATION_LIMIT_EXCEEDED"}
    assert "at most 10" in body["errors"][0]["message"]
    assert "errors" not in within.json()
