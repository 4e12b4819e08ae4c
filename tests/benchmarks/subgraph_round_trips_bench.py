"""Round trips of an anonymous page of offers, before and after the fifth pass on the subgraph's
overhead (issue 18), measured in one process, request by request (docs/benchmarks.md).

*before*: the page's relations (provider, location, next start) read by a statement of their own
after the page's, and the request's session in a transaction block (BEGIN before the first
statement, COMMIT after the last), as on main before the change; *after*: the code as it is (the
relations joined to the page's statement, a statement session without a block). Each pair sends
the page once each way, in alternating order, so that both see the same machine; CPU time of
the request thread and wall time per request, and the round trips the driver made per request:

    .venv/bin/python tests/benchmarks/subgraph_round_trips_bench.py --pairs 1000 \\
        --scenario "browse Magdeburg by title"
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from asyncpg.prepared_stmt import PreparedStatement

sys.path.insert(0, str(Path(__file__).resolve().parent))

from offers_search_bench import scenarios
from subgraph_cpu_bench import catalogue_arguments, load_line, served_app, timing_row

from koko_offers.offer import search as offer_search
from koko_shared.database.statement_sessions import statement_sessionmaker

WAYS = ("before", "after")


@contextmanager
def counting_round_trips() -> Iterator[Counter[str]]:
    """Calls of the driver that wait for the server: simple queries (BEGIN, COMMIT),
    preparations, executions of prepared statements."""
    counts: Counter[str] = Counter()
    patched = [
        (asyncpg.Connection, "execute"),
        (asyncpg.Connection, "prepare"),
        (PreparedStatement, "fetch"),
    ]
    originals = [getattr(owner, name) for owner, name in patched]

    def counted(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def call(*args: Any, **kwargs: Any) -> Any:
            counts["round trips"] += 1
            return await method(*args, **kwargs)

        return call

    for (owner, name), original in zip(patched, originals, strict=True):
        setattr(owner, name, counted(original))
    try:
        yield counts
    finally:
        for (owner, name), original in zip(patched, originals, strict=True):
            setattr(owner, name, original)


async def run(args: argparse.Namespace) -> None:
    app, engine = await served_app(args)
    maker = app.state.sessionmaker
    statement_maker = statement_sessionmaker(maker)
    way = {"now": "after"}
    search = offer_search.search

    async def search_as_before_or_after(*a: Any, **k: Any) -> Any:
        if way["now"] == "before" and args.part in ("both", "join"):
            k["wanted"] = frozenset()  # relations left to their own statement, as before
        return await search(*a, **k)

    offer_search.search = search_as_before_or_after  # type: ignore[assignment]
    scenario = next(s for s in scenarios(date.today()) if s.name == args.scenario)
    page = {"query": scenario.query, "variables": scenario.variables}
    cpu: dict[str, list[float]] = {w: [] for w in WAYS}
    wall: dict[str, list[float]] = {w: [] for w in WAYS}
    saved: list[float] = []
    loads = [os.getloadavg()[0]]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://offers") as client:

        async def send(which: str) -> tuple[float, float]:
            way["now"] = which
            # The graphql dependency's statement sessions of this maker: its own for before.
            old_session = which == "before" and args.part in ("both", "block")
            app.state.statement_sessionmakers = (maker, maker if old_session else statement_maker)
            started_cpu, started = time.thread_time(), time.perf_counter()
            response = await client.post("/graphql", json=page)
            spent = (
                (time.thread_time() - started_cpu) * 1000,
                (time.perf_counter() - started) * 1000,
            )
            assert response.status_code == 200 and "errors" not in response.json(), response.text
            return spent

        for _ in range(args.warmup):
            for which in WAYS:
                await send(which)
        for pair in range(args.pairs):
            order = WAYS if pair % 2 == 0 else WAYS[::-1]
            spent = {which: await send(which) for which in order}
            for which in WAYS:
                cpu[which].append(spent[which][0])
                wall[which].append(spent[which][1])
            saved.append(spent["before"][0] - spent["after"][0])
            if pair % 50 == 0:
                loads.append(os.getloadavg()[0])
        trips: dict[str, float] = {}
        for which in WAYS:
            with counting_round_trips() as counts:
                for _ in range(20):
                    await send(which)
            trips[which] = counts["round trips"] / 20
    await engine.dispose()
    loads.append(os.getloadavg()[0])
    print(f"scenario: {scenario.name}; {args.pairs} pairs, alternating order")
    print(f"before lacks: {args.part}")
    print(load_line(loads))
    print(f"{'':8} {'trips':>6} {'CPU p50':>8} {'CPU min':>8} {'wall p50':>9} {'wall p95':>9}")
    for which in WAYS:
        print(f"{which:8} {trips[which]:6.1f} {timing_row(cpu[which], wall[which])}")
    print(f"CPU saved per pair, median: {statistics.median(saved):.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    catalogue_arguments(parser)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument(
        "--part",
        choices=("both", "join", "block"),
        default="both",
        help="what before lacks: both changes, only the relations joined to the page, or only "
        "the statement session",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
