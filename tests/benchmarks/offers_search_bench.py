"""Offer search benchmark: the `offers` queries an offer finder and a coordinator send, through
the offers subgraph and as plain SQL beside it, on the synthetic catalogue of the issue (100,000
offers, 500,000 course runs over Sachsen-Anhalt, a third in Magdeburg).

The catalogue comes from `koko_offers.generator` into a database keyed by size and seed
(`koko_bench_offers_<offers>_<runs>_<seed>_v<generator>`) and is reused by later runs (`--fresh`
rebuilds it). Subgraph: each request goes through the offers GraphQL app in process (ASGI, no
network: parsing, validation, resolvers, dataloaders, PostgreSQL). Plain SQL: the statements
the search of the same filter sends (page, and count when the query asks for totalCount),
captured once and replayed through the bare asyncpg connection with the same plan settings
(since the fifth pass on the subgraph's overhead, the offers' provider, location and next start
are part of it, in the page's statement or one of their own, as the subgraph reads them). Since
the sixth pass the replay sends them as an anonymous query's session does: in a transaction
block (BEGIN and COMMIT, two round trips more) only when a statement needs one (`SET LOCAL`);
before, every replay had a block, so the SQL of a page that needs none was timed with two round
trips the subgraph does not make.

The machine is shared: scenarios are interleaved (every round visits each scenario in a new
order, a few subgraph and SQL requests each, one at a time), and the load average is sampled
every round. Bounded by `--rounds` and `--max-seconds`. Run:

    .venv/bin/python tests/benchmarks/offers_search_bench.py --write-docs

`--explain NAME` prints EXPLAIN (ANALYZE, BUFFERS) of a scenario's SQL; `--profile NAME` runs a
scenario's GraphQL request under cProfile. `--write-docs` replaces the results in the section
"Offers search" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import platform
import pstats
import random
import re
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from scratch import scratch_folder
from sqlalchemy import event
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_offers.app import SPEC, create_app
from koko_offers.course_run import repository as course_run_repository
from koko_offers.generator.database import benchmark_database_name, fill
from koko_offers.offer import counting
from koko_offers.offer import search as offer_search
from koko_offers.offer.criteria import GeoCircle, OfferCriteria, OfferOrder
from koko_offers.offer.facets import facet_counts
from koko_offers.offer.records import Relation
from koko_offers.offer.related import related_rows
from koko_offers.offer.search_text import prepare_search
from koko_offers.offer.visibility import PUBLIC_SCOPE
from koko_offers.settings import OffersSettings
from koko_offers.suggestion.service import suggest
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.statement_sessions import in_transaction_block, statement_sessionmaker
from koko_shared.database.url import server_url
from koko_shared.pagination import PageRequest
from koko_shared.service import freeze_startup_objects
from koko_shared.testing.database import data_dir_for_tests

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "benchmarks.md"
MAGDEBURG = "150030000000"
SACHSEN_ANHALT = "150000000000"
NODE = "edges { node { id title provider { name } location { city } nextStart } }"
# What NODE asks of each offer beside its columns (read with the page: `offer.related`).
NODE_RELATIONS = frozenset(Relation)
FACETS = (
    "{ exact categories { value count } courseTypes { value count } levels { value count }"
    " areas { value count } languages { value count } targetGroups { value count }"
    " childcare { value count } freeSeats { value count } }"
)

SqlCall = Callable[[AsyncSession], Awaitable[Any]]


@dataclass(frozen=True)
class Scenario:
    name: str
    query: str
    variables: dict[str, Any]
    sql: SqlCall


def _search(
    criteria: OfferCriteria,
    order: OfferOrder | None = None,
    *,
    first: int = 20,
    total: bool = False,
    up_to: int | None = None,
) -> SqlCall:
    async def call(session: AsyncSession) -> None:
        text = await prepare_search(session, criteria.search)
        page = await offer_search.search(
            session,
            criteria,
            PUBLIC_SCOPE,
            order=order,
            request=PageRequest(size=first),
            text=text,
            wanted=NODE_RELATIONS,
        )
        # The relations of pages whose statement does not bring them (as `OfferConnection`).
        missing = [hit.offer for hit in page.rows if hit.related is None]
        await related_rows(session, missing, NODE_RELATIONS, criteria.today)
        if total:
            await counting.count_offers(session, criteria, PUBLIC_SCOPE, text, up_to=up_to)

    return call


def _facets(criteria: OfferCriteria) -> SqlCall:
    async def call(session: AsyncSession) -> None:
        text = await prepare_search(session, criteria.search)
        order = OfferOrder.RELEVANCE if text else None
        await offer_search.search(
            session, criteria, PUBLIC_SCOPE, order=order, request=PageRequest(size=20), text=text
        )
        await facet_counts(session, criteria, PUBLIC_SCOPE, text)

    return call


def _suggest(typed: str) -> SqlCall:
    async def call(session: AsyncSession) -> None:
        await suggest(session, typed, language="de", scope=PUBLIC_SCOPE, per_kind=5)

    return call


def _supply(session: AsyncSession) -> Awaitable[Any]:
    return course_run_repository.language_course_supply(session, [SACHSEN_ANHALT], date.today())


def scenarios(today: date) -> list[Scenario]:
    """The realistic filter mix of the issue first, then the heavier coordinator queries."""
    in_4_weeks = today + timedelta(weeks=4)
    in_8_weeks = today + timedelta(weeks=8)
    window = {"from": str(today), "to": str(in_4_weeks)}
    return [
        Scenario(
            "text + region: Sprachkurs Frauen, Magdeburg",
            'query { offers(first: 20, filter: {search: "Sprachkurs Frauen", '
            f'regionArs: "{MAGDEBURG}"}}) {{ {NODE} }} }}',
            {},
            _search(OfferCriteria(search="Sprachkurs Frauen", region_ars=MAGDEBURG)),
        ),
        Scenario(
            "category + free seats + 4 weeks, by next start",
            'query ($w: DateWindow) { offers(first: 20, filter: {categories: ["language_course"], '
            "hasFreeSeats: true, startsBetween: $w}, orderBy: NEXT_START) "
            f"{{ {NODE} }} }}",
            {"w": window},
            _search(
                OfferCriteria(
                    category_codes=["language_course"],
                    has_free_seats=True,
                    starts_from=today,
                    starts_to=in_4_weeks,
                ),
                OfferOrder.NEXT_START,
            ),
        ),
        Scenario(
            "B1 within 5 km, by distance",
            "query { offers(first: 20, filter: {levels: [B1], near: {lat: 52.1306, lon: 11.627, "
            f"radiusKm: 5}}}}, orderBy: DISTANCE) {{ {NODE} }} }}",
            {},
            _search(
                OfferCriteria(levels=["B1"], near=GeoCircle(52.1306, 11.627, 5)),
                OfferOrder.DISTANCE,
            ),
        ),
        Scenario(
            "common word + totalCount: Deutschkurs",
            'query { offers(first: 20, filter: {search: "Deutschkurs"}) '
            f"{{ totalCount {NODE} }} }}",
            {},
            _search(OfferCriteria(search="Deutschkurs"), total=True),
        ),
        Scenario(
            "instead: Deutschkurs + totalCount(upTo: 1000)",
            'query { offers(first: 20, filter: {search: "Deutschkurs"}) '
            f"{{ totalCount(upTo: 1000) {NODE} }} }}",
            {},
            _search(OfferCriteria(search="Deutschkurs"), total=True, up_to=1000),
        ),
        Scenario(
            "browse Magdeburg by title",
            f'query {{ offers(first: 20, filter: {{regionArs: "{MAGDEBURG}"}}) {{ {NODE} }} }}',
            {},
            _search(OfferCriteria(region_ars=MAGDEBURG)),
        ),
        Scenario(
            "browse Magdeburg by next start",
            f'query {{ offers(first: 20, filter: {{regionArs: "{MAGDEBURG}"}}, '
            f"orderBy: NEXT_START) {{ {NODE} }} }}",
            {},
            _search(OfferCriteria(region_ars=MAGDEBURG), OfferOrder.NEXT_START),
        ),
        Scenario(
            "typo: Integrazionskurs",
            f'query {{ offers(first: 20, filter: {{search: "Integrazionskurs"}}) {{ {NODE} }} }}',
            {},
            _search(OfferCriteria(search="Integrazionskurs")),
        ),
        Scenario(
            "part of compound words: kurs",
            f'query {{ offers(first: 20, filter: {{search: "kurs"}}) {{ {NODE} }} }}',
            {},
            _search(OfferCriteria(search="kurs")),
        ),
        Scenario(
            "kurs + totalCount (a third of the catalogue)",
            f'query {{ offers(first: 20, filter: {{search: "kurs"}}) {{ totalCount {NODE} }} }}',
            {},
            _search(OfferCriteria(search="kurs"), total=True),
        ),
        Scenario(
            "instead: kurs by title + totalCount(upTo: 1000)",
            'query { offers(first: 20, filter: {search: "kurs"}, orderBy: TITLE) '
            f"{{ totalCount(upTo: 1000) {NODE} }} }}",
            {},
            _search(
                OfferCriteria(search="kurs"),
                OfferOrder.TITLE,
                total=True,
                up_to=1000,
            ),
        ),
        Scenario(
            "instead: typo within Magdeburg",
            f'query {{ offers(first: 20, filter: {{search: "Integrazionskurs", '
            f'regionArs: "{MAGDEBURG}"}}) {{ {NODE} }} }}',
            {},
            _search(OfferCriteria(search="Integrazionskurs", region_ars=MAGDEBURG)),
        ),
        Scenario(
            "other language: курс",
            f'query {{ offers(first: 20, filter: {{search: "курс"}}) {{ {NODE} }} }}',
            {},
            _search(OfferCriteria(search="курс")),
        ),
        Scenario(
            "B1 free seats, 8 weeks, city + totalCount",
            "query ($to: Date) { offers(first: 20, filter: {levels: [B1], hasFreeSeats: true, "
            f'regionArs: "{MAGDEBURG}", startsBetween: {{to: $to}}}}, orderBy: NEXT_START) '
            f"{{ totalCount {NODE} }} }}",
            {"to": str(in_8_weeks)},
            _search(
                OfferCriteria(
                    levels=["B1"],
                    has_free_seats=True,
                    region_ars=MAGDEBURG,
                    starts_to=in_8_weeks,
                ),
                OfferOrder.NEXT_START,
                total=True,
            ),
        ),
        Scenario(
            "instead: the same + totalCount(upTo: 1000)",
            "query ($to: Date) { offers(first: 20, filter: {levels: [B1], hasFreeSeats: true, "
            f'regionArs: "{MAGDEBURG}", startsBetween: {{to: $to}}}}, orderBy: NEXT_START) '
            f"{{ totalCount(upTo: 1000) {NODE} }} }}",
            {"to": str(in_8_weeks)},
            _search(
                OfferCriteria(
                    levels=["B1"],
                    has_free_seats=True,
                    region_ars=MAGDEBURG,
                    starts_to=in_8_weeks,
                ),
                OfferOrder.NEXT_START,
                total=True,
                up_to=1000,
            ),
        ),
        Scenario(
            "100 offers of the state, by last update",
            f'query {{ offers(first: 100, filter: {{regionArs: "{SACHSEN_ANHALT}"}}, '
            f"orderBy: UPDATED_AT) {{ {NODE} }} }}",
            {},
            _search(
                OfferCriteria(region_ars=SACHSEN_ANHALT),
                OfferOrder.UPDATED_AT,
                first=100,
            ),
        ),
        Scenario(
            "language course supply of the state",
            f'{{ region(ars: "{SACHSEN_ANHALT}") {{ supply {{ courseTypeCode level '
            "upcomingStarts freeSeats } } }",
            {},
            _supply,
        ),
        # Added with the finder's facets, autocomplete and postcodes (issue 20): not part of
        # the 17 scenarios of issue 18, measured under the same aim.
        Scenario(
            "facets: Deutschkurs, every menu",
            'query { offers(first: 20, filter: {search: "Deutschkurs"}) '
            f'{{ {NODE} }} offerFacets(filter: {{search: "Deutschkurs"}}) {FACETS} }}',
            {},
            _facets(OfferCriteria(search="Deutschkurs")),
        ),
        Scenario(
            "facets: Magdeburg, B1 and free seats selected",
            f'query {{ offers(first: 20, filter: {{regionArs: "{MAGDEBURG}", levels: [B1], '
            f'hasFreeSeats: true}}) {{ {NODE} }} offerFacets(filter: {{regionArs: "{MAGDEBURG}", '
            f"levels: [B1], hasFreeSeats: true}}) {FACETS} }}",
            {},
            _facets(OfferCriteria(region_ars=MAGDEBURG, levels=["B1"], has_free_seats=True)),
        ),
        Scenario(
            "autocomplete: integr",
            '{ offerSuggestions(text: "integr") { kind text value offers } }',
            {},
            _suggest("integr"),
        ),
        Scenario(
            "autocomplete with a typo: berufsprahc",
            '{ offerSuggestions(text: "berufsprahc") { kind text value offers } }',
            {},
            _suggest("berufsprahc"),
        ),
        Scenario(
            "postcode 39104, by title",
            f'query {{ offers(first: 20, filter: {{postcodes: ["39104"]}}) {{ {NODE} }} }}',
            {},
            _search(OfferCriteria(postcodes=["39104"])),
        ),
    ]


# --- plain SQL: capture the statements of a repository call, replay them on asyncpg ----------


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: tuple[Any, ...]


@dataclass
class Captured:
    """The statements of a repository call and whether they ran in a transaction block."""

    statements: list[Statement]
    in_block: bool


async def capture(
    engine: AsyncEngine, maker: async_sessionmaker[AsyncSession], call: SqlCall
) -> Captured:
    """The statements `call` sends in the session an anonymous GraphQL query gets (a statement
    session: a transaction block only once a statement needs one, e.g. `SET LOCAL`)."""
    captured: list[Statement] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append(Statement(statement, tuple(parameters or ())))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with (statement_sessionmaker(maker) or maker)() as session, session.begin():
            await call(session)
            in_block = in_transaction_block(session)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return Captured(captured, in_block)


async def replay(connection: Any, captured: Captured) -> None:
    """The statements as the request sends them: in one transaction block (BEGIN and COMMIT
    are round trips of their own) only if the request opened one (SET LOCAL included)."""
    async with connection.transaction() if captured.in_block else contextlib.nullcontext():
        for statement in captured.statements:
            await connection.fetch(statement.sql, *statement.parameters)


# --- measuring ------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await call()
    return (time.perf_counter() - started) * 1000


@dataclass
class Samples:
    api: list[float]
    sql: list[float]


async def run(args: argparse.Namespace) -> tuple[str, str]:
    url: URL = server_url(data_dir_for_tests()).set(
        database=benchmark_database_name(args.offers, args.runs, args.seed)
    )
    started = time.perf_counter()
    record = await fill(
        url,
        SPEC.migrations_dir,
        offers=args.offers,
        runs=args.runs,
        seed=args.seed,
        reuse=not args.fresh,
    )
    print(
        f"catalogue {'reused' if record['reused'] else 'generated'} in "
        f"{time.perf_counter() - started:.0f} s: {record}",
        flush=True,
    )
    engine = create_engine(url, pool_size=4)
    maker = create_sessionmaker(engine)
    # One client sends every request, straight to the service: speed is measured, not the rate
    # limit or the gateway.
    app = create_app(
        OffersSettings(
            data_dir=scratch_folder("koko-search-bench-"),
            rate_limit_per_minute=0,
            development_direct_access=True,
        )
    )
    app.state.sessionmaker = maker
    app.state.engine = engine
    app.state.database_url = url
    freeze_startup_objects()  # as the service's lifespan does once it is ready
    wanted = args.only.split("|") if args.only else None
    chosen = [s for s in scenarios(date.today()) if not wanted or any(w in s.name for w in wanted)]
    plans = {s.name: await capture(engine, maker, s.sql) for s in chosen}
    results = {s.name: Samples([], []) for s in chosen}
    loads: list[tuple[float, float, float]] = [os.getloadavg()]
    transport = httpx.ASGITransport(app=app)
    async with (
        engine.connect() as sa_connection,
        httpx.AsyncClient(transport=transport, base_url="http://offers") as client,
    ):
        raw = (await sa_connection.get_raw_connection()).driver_connection

        def graphql_call(s: Scenario) -> Callable[[], Awaitable[None]]:
            async def call() -> None:
                response = await client.post(
                    "/graphql", json={"query": s.query, "variables": s.variables}
                )
                body = response.json()
                assert response.status_code == 200 and "errors" not in body, body

            return call

        def sql_call(s: Scenario) -> Callable[[], Awaitable[None]]:
            return lambda: replay(raw, plans[s.name])

        if args.explain:
            for s in chosen:
                if args.explain in s.name:
                    await explain(raw, s.name, plans[s.name])
        if args.profile:
            for s in chosen:
                if args.profile in s.name:
                    await profile(s.name, graphql_call(s))
            await engine.dispose()
            return "", ""

        for s in chosen:  # warm-up: plans, caches, the pages in shared buffers
            for _ in range(args.warmup):
                await graphql_call(s)()
                await sql_call(s)()
        rng = random.Random(1)
        deadline = time.monotonic() + args.max_seconds
        rounds = 0
        while rounds < args.rounds and time.monotonic() < deadline:
            order = chosen[:]
            rng.shuffle(order)
            for s in order:
                for _ in range(args.per_round):
                    results[s.name].api.append(await timed(graphql_call(s)))
                    results[s.name].sql.append(await timed(sql_call(s)))
            rounds += 1
            loads.append(os.getloadavg())
    await engine.dispose()

    rows = []
    for s in chosen:
        api, sql = results[s.name].api, results[s.name].sql
        api50, api95 = statistics.median(api), percentile(api, 0.95)
        sql50, sql95 = statistics.median(sql), percentile(sql, 0.95)
        rows.append(
            f"| {s.name} | {api50:.1f} | {api95:.1f} | {sql50:.1f} | {sql95:.1f} | "
            f"{api50 / sql50:.1f}× | {'yes' if api95 < 50 else '**no**'} |"
        )
    one_minute = [load[0] for load in loads]
    samples = len(results[chosen[0].name].api)
    header = (
        f"Run {date.today()}, {os.cpu_count()} vCPUs, Python {platform.python_version()}, "
        f"PostgreSQL at `{url.host or 'a local socket'}` (asyncpg); "
        f"{record['offers']:,} synthetic offers, {record['course_runs']:,} course runs, "
        f"{record['translations']:,} translations, {record['locations']:,} locations (seed "
        f"{args.seed}, generated on {record['generated_on']} in "
        f"{record['seconds_with_vacuum']:.0f} s incl. VACUUM ANALYZE). {rounds} interleaved "
        f"rounds × {args.per_round} requests = {samples} subgraph and {samples} SQL samples per "
        f"scenario after {args.warmup} warm-ups each. Load average (1 min) during the run: "
        f"min {min(one_minute):.2f}, median {statistics.median(one_minute):.2f}, max "
        f"{max(one_minute):.2f} (5/15 min at the end: {loads[-1][1]:.2f} / {loads[-1][2]:.2f})."
    )
    table = "\n".join(
        [
            "| scenario | subgraph p50 ms | subgraph p95 ms | SQL p50 ms | SQL p95 ms "
            "| p50 ratio | p95 < 50 ms |",
            "|---|---:|---:|---:|---:|---:|---|",
            *rows,
        ]
    )
    return header, table


async def explain(raw: Any, name: str, captured: Captured) -> None:
    print(f"== {name}")
    async with raw.transaction():
        for statement in captured.statements:
            if statement.sql.lstrip().upper().startswith("SET"):
                await raw.execute(statement.sql)
                continue
            if statement.sql.lstrip().upper().startswith("EXPLAIN"):
                # The search asks the planner whether it walks the rank index (ranking.py).
                await raw.fetch(statement.sql, *statement.parameters)
                print("(planner asked: " + statement.sql[:60].replace("\n", " ") + "…)\n")
                continue
            rows = await raw.fetch(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, *statement.parameters
            )
            print(statement.sql[:2000])
            print("\n".join(r[0] for r in rows))
            print()


async def profile(name: str, call: Callable[[], Awaitable[None]]) -> None:
    for _ in range(5):
        await call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        await call()
    profiler.disable()
    print(f"== {name}: 20 requests")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def write_docs(header: str, table: str) -> None:
    """Replace the results (from '### Results' to the next '### ' or '## ') of the section."""
    current = DOCS.read_text()
    section = re.search(r"## Offers search\n.*?(?=\n## |\Z)", current, re.S)
    assert section is not None, "docs/benchmarks.md has no section 'Offers search'"
    results = f"### Results\n\n{header}\n\n{table}\n"
    body = section.group(0)
    pattern = re.compile(r"### Results\n.*?(?=\n### |\Z)", re.S)
    body = pattern.sub(lambda _: results, body) if pattern.search(body) else body + "\n" + results
    DOCS.write_text(current.replace(section.group(0), body.rstrip("\n") + "\n"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--fresh", action="store_true", help="rebuild the catalogue database")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=5)
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument(
        "--only",
        default=None,
        help="scenarios whose name contains this (or one of these, split by |)",
    )
    parser.add_argument("--explain", default=None, help="EXPLAIN the SQL of matching scenarios")
    parser.add_argument("--profile", default=None, help="cProfile matching scenarios' requests")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    header, table = asyncio.run(run(args))
    if not header:
        return
    print(header)
    print(table)
    if args.write_docs:
        write_docs(header, table)


if __name__ == "__main__":
    main()
