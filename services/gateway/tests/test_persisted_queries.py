"""Automatic persisted queries (Apollo's APQ protocol, issue 10): unknown hash -> NOT_FOUND,
register with hash + query, then the hash alone runs it; a wrong hash is refused; the store is
bounded; Redis shares registrations between replicas; trusted-documents mode stays closed."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import GatewayClient, gateway_settings, open_gateway

from koko_gateway.security.apq import MemoryQueryStore
from koko_shared.testing.services import needs_redis

QUERY = "query Color { color }"


def _apq(query: str | None, digest: str | None = None) -> dict[str, Any]:
    digest = digest or hashlib.sha256((query or "").encode()).hexdigest()
    body: dict[str, Any] = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    if query is not None:
        body["query"] = query
    return body


async def _register_then_use(client: GatewayClient, query: str) -> list[Any]:
    digest = hashlib.sha256(query.encode()).hexdigest()
    unknown = await client.http.post("/graphql", json=_apq(None, digest))
    registered = await client.http.post("/graphql", json=_apq(query))
    by_hash = await client.http.post("/graphql", json=_apq(None, digest))
    by_get = await client.http.get(
        "/graphql", params={"extensions": json.dumps(_apq(None, digest)["extensions"])}
    )
    return [unknown, registered, by_hash, by_get]


async def test_the_apq_round_trip(gateway: GatewayClient) -> None:
    # given: a query the gateway has never seen (a unique comment makes its hash unique)
    query = f"query Color {{ color }} # {uuid.uuid4()}"
    # when
    unknown, registered, by_hash, by_get = await _register_then_use(gateway, query)
    # then
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0] == {
        "message": "PersistedQueryNotFound",
        "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
    }
    for response in (registered, by_hash, by_get):
        assert response.status_code == 200
        assert response.json() == {"data": {"color": "RED"}}


async def test_a_hash_that_is_not_the_querys_is_refused_and_not_stored(
    gateway: GatewayClient,
) -> None:
    # given: an attacker registering its query under the hash of another
    other = hashlib.sha256(QUERY.encode()).hexdigest()
    # when
    refused = await gateway.http.post("/graphql", json=_apq("{ products { id } }", other))
    # then
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["message"] == "provided sha does not match query"
    assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "persisted",
    [{"version": 2, "sha256Hash": "a" * 64}, {"version": 1, "sha256Hash": "abc"}, "x"],
)
async def test_malformed_persisted_query_extensions(
    gateway: GatewayClient, persisted: object
) -> None:
    response = await gateway.http.post(
        "/graphql", json={"extensions": {"persistedQuery": persisted}}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] in (
        "PERSISTED_QUERY_NOT_SUPPORTED",
        "BAD_USER_INPUT",
    )


async def test_an_invalid_query_is_not_registered(gateway: GatewayClient) -> None:
    query = f"{{ nope }} # {uuid.uuid4()}"
    await gateway.http.post("/graphql", json=_apq(query))
    again = await gateway.http.post(
        "/graphql", json=_apq(None, hashlib.sha256(query.encode()).hexdigest())
    )
    assert again.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_the_memory_store_is_bounded_in_bytes_least_recently_used_first() -> None:
    # given: room for seven 10 kB queries, and seven stored
    store = MemoryQueryStore(max_bytes=75_000)
    queries = {name: f"{{ color }} # {name * 10_000}" for name in "abcdefgh"}
    for name in "abcdefg":
        await store.put(name, queries[name])
    assert await store.get("a") == queries["a"]  # a is now the most recently used
    # when
    await store.put("h", queries["h"])
    # then: b, the least recently used, made room
    assert await store.get("b") is None
    assert [await store.get(n) for n in "acdefgh"] == [queries[n] for n in "acdefgh"]
    assert 70_000 < store.bytes <= 75_000


async def test_a_flood_of_registrations_keeps_the_memory_store_within_its_bytes() -> None:
    # given
    budget = 2 * 1024 * 1024
    store = MemoryQueryStore(max_bytes=budget)
    # when: 1,000 distinct 100 kB queries (100 MB of text) are registered
    for number in range(1_000):
        query = f"{{ color }} # {number:04d}" + "x" * 100_000
        await store.put(hashlib.sha256(query.encode()).hexdigest(), query)
    # then: the store holds what fits and counts what it holds
    assert store.bytes <= budget
    assert 15 <= len(store) <= 21  # 100 kB each: about 20 fit, all of them the latest
    assert await store.get(hashlib.sha256(query.encode()).hexdigest()) == query


async def test_trusted_documents_mode_does_not_register(
    supergraph_sdl: str, tmp_path: Path
) -> None:
    manifest = tmp_path / "operations.json"
    manifest.write_text(json.dumps({"operations": [{"id": "color-v1", "body": QUERY}]}))
    settings = gateway_settings(persisted_operations_file=manifest, persisted_operations_only=True)
    async for client in open_gateway(supergraph_sdl, settings):
        other = "{ products { id } }"
        registered = await client.http.post("/graphql", json=_apq(other))
        by_hash = await client.http.post("/graphql", json=_apq(None))
        trusted = await client.http.post("/graphql", json={"documentId": "color-v1"})
        assert registered.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
        assert by_hash.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        assert trusted.json() == {"data": {"color": "RED"}}


@needs_redis
async def test_replicas_share_registrations_through_redis(supergraph_sdl: str) -> None:
    # given: two gateway replicas with the same Redis
    settings = gateway_settings(apq_redis_url="redis://127.0.0.1:6379/0")
    query = f"query Color {{ color }} # {uuid.uuid4()}"
    digest = hashlib.sha256(query.encode()).hexdigest()
    async for first in open_gateway(supergraph_sdl, settings):
        async for second in open_gateway(supergraph_sdl, settings):
            # when: registered at the first
            await first.http.post("/graphql", json=_apq(query))
            # then: the second runs it by hash
            by_hash = await second.http.post("/graphql", json=_apq(None, digest))
            assert by_hash.json() == {"data": {"color": "RED"}}
