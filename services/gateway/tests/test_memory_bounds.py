"""What clients can make the gateway keep is bounded in bytes (issue 17): the document cache, the
plan cache and the APQ store each stay within their settings under a flood of distinct
documents; documents that do not parse are not kept; a plan's charge covers what it holds after
shaping; and a real gateway process stays within its memory while 1,000 distinct 100 kB
documents arrive, half as plain queries and half as APQ registrations."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from conftest import GatewayClient, gateway_settings, open_gateway
from processes import gateway_process
from servers import ServerThread

from koko_gateway.gateway import Gateway

MIB = 1024 * 1024


def _distinct(number: int, padding: int) -> str:
    """A valid document, unique by a field alias and padded with white space to ~`padding`."""
    return f'query Q{number} {{ product(id: "p1") {{ n{number}: name sku price }} }}' + (
        " " * padding
    )


async def test_a_flood_of_distinct_documents_keeps_both_caches_within_their_bytes(
    supergraph_sdl: str,
) -> None:
    # given: 1 MiB for documents, 1 MiB for plans
    settings = gateway_settings(document_cache_bytes=MIB, plan_cache_bytes=MIB)
    async for client in open_gateway(supergraph_sdl, settings):
        engine: Gateway = client.http._transport.app.state.gateway  # type: ignore[attr-defined]
        # when: 300 distinct documents of 30 kB each (9 MB of text) are run
        for number in range(300):
            body = await client.query(_distinct(number, 30_000))
            assert body["data"]["product"][f"n{number}"]
            # then: at every step
            assert engine.operations.bytes <= MIB and engine.plans.bytes <= MIB
        # the latest are kept, the oldest made room
        assert (_distinct(299, 30_000), None) in engine.operations
        assert (_distinct(0, 30_000), None) not in engine.operations
        assert 5 <= len(engine.operations) <= 34


async def test_documents_that_do_not_parse_are_not_kept(gateway: GatewayClient) -> None:
    engine: Gateway = gateway.http._transport.app.state.gateway  # type: ignore[attr-defined]
    before = engine.operations.bytes
    # when
    for number in range(50):
        body = await gateway.query(f"{{ product(id: 1) {{ n{number}: name }}", expect_status=400)
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    # then
    assert engine.operations.bytes == before
    assert not any(isinstance(key, tuple) and "n7: name }" in key[0] for key in list_keys(engine))


def list_keys(engine: Gateway) -> list[object]:
    return list(engine.operations._entries)


async def test_a_document_over_the_byte_limit_is_refused_however_it_is_padded(
    gateway: GatewayClient,
) -> None:
    for padding in ("#" + "x" * 69_999, " " * 70_000, "\n" * 70_000):
        body = await gateway.query("{ color }" + padding, expect_status=400)
        assert body["errors"] == [
            {
                "message": f"The document has {9 + 70_000} bytes; the limit is 65536.",
                "extensions": {"code": "OPERATION_LIMIT_EXCEEDED"},
            }
        ]


PLAN_SHAPES = {
    "entities across three subgraphs": """{ topProduct { name shippingEstimate volumeClass
        inStock warehouse { manager capacity } reviews { body author { name } } } }""",
    "interfaces and unions": """{ media { id title ... on Book { pages reviewsCount }
        ... on Movie { minutes reviewsCount } } search(text: "a") { ... on Book { title }
        ... on Movie { title minutes } } }""",
    "fragments spread on lists": "{ products(first: 5) { ...P } latestReviews { author { ...U } } }"
    " fragment P on Product { id name price weight rating reviews { id body author { ...U } } }"
    " fragment U on User { id name }",
}


@pytest.mark.parametrize("shape", PLAN_SHAPES)
async def test_the_charge_of_a_plan_covers_what_it_holds_after_shaping(
    gateway: GatewayClient, shape: str
) -> None:
    engine: Gateway = gateway.http._transport.app.state.gateway  # type: ignore[attr-defined]
    query = PLAN_SHAPES[shape] + f" # {shape}"
    engine.prepare(query, None)  # the document is the document cache's, not the plan's
    # the same shape once under another text: connection pools and first-use state are warm
    await engine.execute(PLAN_SHAPES[shape] + " # warm-up")
    before = engine.plans.bytes
    # when: planned and executed once (the shaper adds its field plans to the plan)
    gc.collect()
    tracemalloc.start(64)
    try:
        result = await engine.execute(query)
        del result
        gc.collect()
        snapshot = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    # The test subgraphs run in this process too: only what the gateway's code allocated counts.
    gateway_code = tracemalloc.Filter(True, "*/koko_gateway/*", all_frames=True)
    held = sum(stat.size for stat in snapshot.filter_traces([gateway_code]).statistics("filename"))
    # then: what stays (the plan, its field plans, and anything else the request left) is
    # within what the plan cache was charged
    charged = engine.plans.bytes - before
    assert charged > 0
    assert held <= charged, f"holds {held}, charged {charged}"


# -- a real process -------------------------------------------------------------------------


@pytest.fixture
def gateway_under_flood(
    supergraph_sdl: str, tmp_path: Path, subgraph_servers: dict[str, ServerThread]
) -> Iterator[tuple[str, psutil.Process]]:
    # Documents of 100 kB are accepted here (the default limit refuses them), so that each one
    # lands in the caches: the worst case for memory. Admission control is off, so no document
    # is refused on a busy machine (503 OVERLOADED) before it reaches the caches.
    with gateway_process(
        supergraph_sdl,
        tmp_path,
        rate_limit_per_minute="0",
        adaptive_concurrency="false",
        max_document_bytes="131072",
        document_cache_bytes=str(8 * MIB),
        plan_cache_bytes=str(8 * MIB),
        apq_cache_bytes=str(8 * MIB),
        response_cache_bytes=str(8 * MIB),
    ) as (url, pid):
        yield url, psutil.Process(pid)


def _apq_registration(query: str) -> dict[str, object]:
    digest = hashlib.sha256(query.encode()).hexdigest()
    return {"query": query, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}


@pytest.mark.slow
async def test_a_real_gateway_stays_within_its_memory_under_1000_distinct_100_kb_documents(
    gateway_under_flood: tuple[str, psutil.Process],
) -> None:
    url, process = gateway_under_flood
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        # given: the gateway warmed up (pools, first plans), its resident memory measured
        for number in range(20):
            await client.post("/graphql", json={"query": _distinct(-number - 1, 100)})
        baseline = process.memory_info().rss
        peak = baseline
        semaphore = asyncio.Semaphore(4)

        async def send(number: int) -> None:
            nonlocal peak
            query = _distinct(number, 100_000)
            body = _apq_registration(query) if number % 2 else {"query": query}
            async with semaphore:
                response = await client.post("/graphql", json=body)
            assert response.status_code == 200, response.text[:300]
            if number % 50 == 0:
                peak = max(peak, process.memory_info().rss)

        # when: 500 plain queries and 500 APQ registrations, each a distinct 100 kB document
        # (100 MB of text; unbounded, the caches would keep about twice that)
        await asyncio.gather(*(send(number) for number in range(1_000)))
        peak = max(peak, process.memory_info().rss)
    # then: growth within the four caches' 32 MiB plus 40 MiB for the requests in flight and
    # the allocator's slack
    growth = (peak - baseline) / MIB
    print(f"resident {baseline / MIB:.0f} MiB before, {peak / MIB:.0f} MiB at the peak")
    assert growth <= 32 + 40, f"grew {growth:.0f} MiB from {baseline / MIB:.0f} MiB"
