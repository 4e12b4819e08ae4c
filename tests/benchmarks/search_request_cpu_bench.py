"""CPU and round trips per request of the offers process for the load benchmark's public search
(`crowd.search_request` with `load_bench.TERMS` and `REGIONS`: a popular word, often a region,
10/20/30 offers with their provider and next start, the exact count), sent through the offers
app in process (ASGI, no network), one request at a time (issue 18: 14.4 ms of offers CPU per
search under the crowd).

CPU time of the request thread (`time.thread_time`) per request, the part of it spent preparing
the search (`offer.search_text.prepare_search`), wall time, the CPU time of the PostgreSQL
server processes of the app's connections (mean per request), and the driver's round trips per
request. Compare two checkouts by running each one's copy of this script alternately
(A B A B A B), each on a database of its own (`--database-suffix`; a checkout's migrations must
know the database's revision), and report the load average printed beside each figure:

    .venv/bin/python tests/benchmarks/search_request_cpu_bench.py --offers 5000 \\
        --database-suffix after --label after
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from asyncpg.prepared_stmt import PreparedStatement

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crowd import search_request
from koko_gateway_bench import cpu_seconds
from load_bench import REGIONS, TERMS
from subgraph_cpu_bench import load_line

from koko_offers.app import SPEC, create_app
from koko_offers.generator.database import benchmark_database_name, fill
from koko_offers.offer import queries as offer_queries
from koko_offers.settings import OffersSettings
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.url import server_url
from koko_shared.service import freeze_startup_objects
from koko_shared.testing.database import data_dir_for_tests


@contextmanager
def counting_round_trips() -> Iterator[Counter[str]]:
    """Calls of the driver that wait for the server: simple queries (BEGIN, COMMIT), statements
    sent with their values (the SQL text of `koko_shared.database.driver_statements` too),
    preparations and executions of prepared statements."""
    counts: Counter[str] = Counter()
    patch: list[tuple[Any, str, Any]] = []

    def count(owner: Any, name: str, when: Any = None) -> None:
        original = getattr(owner, name)

        async def call(*a: Any, **k: Any) -> Any:
            if when is None or when(a):
                counts["round trips"] += 1
            return await original(*a, **k)

        patch.append((owner, name, original))
        setattr(owner, name, call)

    count(asyncpg.Connection, "execute", lambda a: len(a) == 2)  # no values: a simple query
    count(asyncpg.Connection, "_execute")
    count(asyncpg.Connection, "prepare")
    for name in ("fetch", "fetchrow", "fetchval", "executemany"):
        count(PreparedStatement, name)
    try:
        yield counts
    finally:
        for owner, name, original in patch:
            setattr(owner, name, original)


async def run(args: argparse.Namespace) -> None:
    name = benchmark_database_name(args.offers, args.runs, args.seed)
    url = server_url(data_dir_for_tests()).set(database=f"{name}_{args.database_suffix}")
    await fill(
        url, SPEC.migrations_dir, offers=args.offers, runs=args.runs, seed=args.seed, reuse=True
    )
    engine = create_engine(url, pool_size=4)
    app = create_app(
        OffersSettings(
            data_dir=Path(args.data_dir),
            rate_limit_per_minute=0,
            development_direct_access=True,
        )
    )
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.engine, app.state.database_url = engine, url
    freeze_startup_objects()

    preparing = {"cpu": 0.0}
    prepare = offer_queries.prepare_search

    async def measured_prepare(*a: Any, **k: Any) -> Any:
        started = time.thread_time()
        try:
            return await prepare(*a, **k)
        finally:
            preparing["cpu"] += time.thread_time() - started

    offer_queries.prepare_search = measured_prepare  # type: ignore[assignment]
    if args.pairs_without_cache:
        await _pairs_without_cache(args, app, measured_prepare, preparing)
        await engine.dispose()
        return
    make = search_request(TERMS, REGIONS)
    rng = random.Random(args.seed)
    bodies = [make(rng) for _ in range(args.warmup + args.requests)]
    cpu: list[float] = []
    prep: list[float] = []
    wall: list[float] = []
    loads = [os.getloadavg()[0]]
    headers = {"content-type": "application/json"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://offers") as client:

        async def send(body: bytes) -> None:
            response = await client.post("/graphql", content=body, headers=headers)
            assert response.status_code == 200 and "errors" not in response.json(), response.text

        for body in bodies[: args.warmup]:
            await send(body)
        backends = await _backends(engine)
        database_cpu = cpu_seconds(backends)
        for at, body in enumerate(bodies[args.warmup :]):
            preparing["cpu"] = 0.0
            started_cpu, started = time.thread_time(), time.perf_counter()
            await send(body)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
            prep.append(preparing["cpu"] * 1000)
            if at % 50 == 0:
                loads.append(os.getloadavg()[0])
        database_ms = (cpu_seconds(backends) - database_cpu) * 1000 / args.requests
        with counting_round_trips() as counts:
            counted = bodies[args.warmup : args.warmup + 100]
            for body in counted:
                await send(body)
    await engine.dispose()
    loads.append(os.getloadavg()[0])
    print(
        f"{args.label}: {args.requests} searches; {load_line(loads)}\n"
        f"  CPU per request p50 {statistics.median(cpu):.2f} ms, "
        f"mean {statistics.mean(cpu):.2f}; preparing the search p50 "
        f"{statistics.median(prep):.2f}, mean {statistics.mean(prep):.2f}; "
        f"wall p50 {statistics.median(wall):.2f}; "
        f"PostgreSQL CPU per request (mean) {database_ms:.2f} ms; "
        f"round trips per request {counts['round trips'] / len(counted):.2f}",
        flush=True,
    )


async def _backends(engine: Any) -> list[int]:
    """The server processes of the engine's pooled connections (the warm-up opened them)."""
    async with engine.connect() as connection:
        found = await connection.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        )
        return [row[0] for row in found]


async def _pairs_without_cache(
    args: argparse.Namespace, app: Any, prepare: Any, preparing: dict[str, float]
) -> None:
    """Each search twice, in alternating order: with the process's prepared searches and with
    a cache that keeps nothing (a checkout with `offer.search_text_cache` only)."""
    from koko_offers.offer.search_text_cache import PreparedSearches

    class KeepsNothing(PreparedSearches):
        def search(self, *_: Any) -> None:
            return None

        def labels(self, *_: Any) -> None:
            return None

    uncached = KeepsNothing()
    ways = ("with cache", "without")
    way = {"now": ways[0]}

    async def prepare_either(session: Any, search: Any) -> Any:
        if way["now"] == ways[0]:
            return await prepare(session, search)
        return await prepare(session, search, uncached)

    offer_queries.prepare_search = prepare_either  # type: ignore[assignment]
    make = search_request(TERMS, REGIONS)
    rng = random.Random(args.seed)
    bodies = [make(rng) for _ in range(args.warmup + args.requests)]
    cpu: dict[str, list[float]] = {w: [] for w in ways}
    prep: dict[str, list[float]] = {w: [] for w in ways}
    trips: dict[str, float] = {}
    loads = [os.getloadavg()[0]]
    headers = {"content-type": "application/json"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://offers") as client:

        async def send(which: str, body: bytes) -> tuple[float, float]:
            way["now"], preparing["cpu"] = which, 0.0
            started = time.thread_time()
            response = await client.post("/graphql", content=body, headers=headers)
            spent = (time.thread_time() - started) * 1000
            assert response.status_code == 200 and "errors" not in response.json(), response.text
            return spent, preparing["cpu"] * 1000

        for body in bodies[: args.warmup]:
            for which in ways:
                await send(which, body)
        for at, body in enumerate(bodies[args.warmup :]):
            for which in ways if at % 2 == 0 else ways[::-1]:
                spent, prepared = await send(which, body)
                cpu[which].append(spent)
                prep[which].append(prepared)
            if at % 50 == 0:
                loads.append(os.getloadavg()[0])
        for which in ways:
            with counting_round_trips() as counts:
                counted = bodies[args.warmup : args.warmup + 100]
                for body in counted:
                    await send(which, body)
            trips[which] = counts["round trips"] / len(counted)
    loads.append(os.getloadavg()[0])
    print(f"{args.requests} pairs, alternating order; {load_line(loads)}")
    for which in ways:
        print(
            f"  {which:10} CPU p50 {statistics.median(cpu[which]):.2f} ms, "
            f"mean {statistics.mean(cpu[which]):.2f}; preparing p50 "
            f"{statistics.median(prep[which]):.2f}; round trips {trips[which]:.2f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=43)
    parser.add_argument("--database-suffix", default="search_request")
    parser.add_argument("--label", default="this checkout")
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--data-dir", default="/tmp/koko-search-request-bench")
    parser.add_argument(
        "--pairs-without-cache",
        action="store_true",
        help="each search with and without the prepared-search cache, alternately",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
