"""CPU per request of the offers subgraph's own work around a page's SQL (issue 18, "Subgraph
overhead"): one scenario of `offers_search_bench.py` sent again and again through the offers app
in process (ASGI, no network), one request at a time, beside a bare `{ __typename }` and the
scenario's SQL replayed on the bare asyncpg connection.

CPU time of the request thread (`time.thread_time`) is counted per request and per phase, so
that a loaded machine matters less than it does for wall-clock time: the database server's work
is not in it, the event loop's waiting neither. Phases are inclusive (a phase's CPU contains the
phases it calls) and measured by wrapping the functions named in `PROBES`:

    .venv/bin/python tests/benchmarks/subgraph_cpu_bench.py --offers 20000 --runs 100000

`--calls` adds Python function calls per request (cProfile over 20 requests). Compare two
checkouts by running each one's copy of this script alternately (A B A B) and report the load
average printed beside each figure.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import importlib
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import Receive, Scope, Send

sys.path.insert(0, str(Path(__file__).resolve().parent))

from offers_search_bench import capture, replay, scenarios
from scratch import scratch_folder

from koko_offers.app import SPEC, create_app
from koko_offers.generator.database import benchmark_database_name, fill
from koko_offers.settings import OffersSettings
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.url import server_url
from koko_shared.service import freeze_startup_objects
from koko_shared.testing.database import data_dir_for_tests

# (module, attribute path, phase name): async functions whose CPU is counted per request.
PROBES = (
    ("koko_offers.graphql.schema", "schema.execute", "graphql execute"),
    ("koko_offers.offer.queries", "offer_search.search", "search call (page SQL, rows)"),
    ("koko_offers.offer.connection", "OfferConnection.of_page", "connection of the page"),
    ("koko_offers.offer.connection", "related_rows", "related rows statement"),
)


class Phases:
    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)
        self.samples: dict[str, list[float]] = defaultdict(list)

    def probe(self, module: str, path: str, name: str) -> None:
        owner: Any = importlib.import_module(module)
        *parents, attribute = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        original = getattr(owner, attribute)
        bound = getattr(original, "__self__", None)
        function = getattr(original, "__func__", original)

        @functools.wraps(function)
        async def measured(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                if bound is not None and not isinstance(bound, type):
                    return await function(bound, *args, **kwargs)
                return await original(*args, **kwargs)
            finally:
                self.current[name] += time.thread_time() - started

        if isinstance(bound, type):  # a classmethod
            setattr(owner, attribute, classmethod(lambda _cls, *a, **k: measured(*a, **k)))
        else:
            setattr(owner, attribute, measured)

    def close_request(self) -> None:
        for name in {n for _, _, n in PROBES} | set(self.current):
            self.samples[name].append(self.current.get(name, 0.0) * 1000)
        self.current.clear()


def app_probe(app: Any, phases: Phases) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def measured(scope: Scope, receive: Receive, send: Send) -> None:
        started = time.thread_time()
        try:
            await app(scope, receive, send)
        finally:
            phases.current["ASGI app (all middleware)"] += time.thread_time() - started

    return measured


async def served_app(args: argparse.Namespace) -> tuple[FastAPI, AsyncEngine]:
    """The offers app in process on the benchmark's catalogue (generated on first use), with
    the engine and sessions the service makes."""
    url = server_url(data_dir_for_tests()).set(
        database=benchmark_database_name(args.offers, args.runs, args.seed)
    )
    await fill(
        url, SPEC.migrations_dir, offers=args.offers, runs=args.runs, seed=args.seed, reuse=True
    )
    engine = create_engine(url, pool_size=4)
    app = create_app(
        OffersSettings(
            data_dir=scratch_folder("koko-subgraph-bench-"),
            rate_limit_per_minute=0,
            development_direct_access=True,
        )
    )
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.engine, app.state.database_url = engine, url
    freeze_startup_objects()
    return app, engine


def catalogue_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=43)
    parser.add_argument("--scenario", default="browse Magdeburg by title")


async def run(args: argparse.Namespace) -> None:
    app, engine = await served_app(args)
    maker = app.state.sessionmaker
    scenario = next(s for s in scenarios(date.today()) if s.name == args.scenario)
    statements = await capture(engine, maker, scenario.sql)
    phases = Phases()
    for probe in PROBES:
        phases.probe(*probe)
    transport = httpx.ASGITransport(app=app_probe(app, phases))
    bare = {"query": "{ __typename }"}
    page = {"query": scenario.query, "variables": scenario.variables}
    cpu: dict[str, list[float]] = defaultdict(list)
    wall: dict[str, list[float]] = defaultdict(list)
    loads = [os.getloadavg()[0]]
    async with (
        engine.connect() as sa_connection,
        httpx.AsyncClient(transport=transport, base_url="http://offers") as client,
    ):
        raw = (await sa_connection.get_raw_connection()).driver_connection

        async def post(body: dict[str, Any]) -> None:
            response = await client.post("/graphql", json=body)
            assert response.status_code == 200 and "errors" not in response.json(), response.text

        calls: dict[str, Callable[[], Awaitable[None]]] = {
            "page": lambda: post(page),
            "bare { __typename }": lambda: post(bare),
            "SQL replay (asyncpg)": lambda: replay(raw, statements),
        }
        for call in calls.values():
            for _ in range(args.warmup):
                await call()
        phases.current.clear()
        for i in range(args.requests):
            for name, call in calls.items():
                started_cpu, started = time.thread_time(), time.perf_counter()
                await call()
                cpu[name].append((time.thread_time() - started_cpu) * 1000)
                wall[name].append((time.perf_counter() - started) * 1000)
                if name == "page":
                    phases.close_request()
                else:
                    phases.current.clear()
            if i % 50 == 0:
                loads.append(os.getloadavg()[0])
        if args.calls:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(20):
                await post(page)
            profiler.disable()
            total_calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
    await engine.dispose()
    loads.append(os.getloadavg()[0])

    print(f"scenario: {scenario.name}; {args.requests} requests each, interleaved")
    print(load_line(loads))
    print(f"{'':40} {'CPU p50':>8} {'CPU min':>8} {'wall p50':>9} {'wall p95':>9}")
    for name in calls:
        print(f"{name:40} {timing_row(cpu[name], wall[name])}")
    for name, samples in phases.samples.items():
        print(f"  phase: {name:31} {statistics.median(samples):8.2f} {min(samples):8.2f}")
    if args.calls:
        print(f"Python function calls per page request: {total_calls / 20:.0f}")


def load_line(loads: list[float]) -> str:
    return (
        f"load average (1 min): min {min(loads):.2f}, median {statistics.median(loads):.2f}, "
        f"max {max(loads):.2f}"
    )


def timing_row(cpu: list[float], wall: list[float]) -> str:
    """CPU p50 and minimum, wall p50 and p95 (ms)."""
    c, w = sorted(cpu), sorted(wall)
    return (
        f"{statistics.median(c):8.2f} {c[0]:8.2f} {statistics.median(w):9.2f} "
        f"{w[int(0.95 * (len(w) - 1))]:9.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    catalogue_arguments(parser)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--calls", action="store_true", help="count Python calls per request")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
