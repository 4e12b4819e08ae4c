"""Offer search benchmark: the `offers` queries an offer finder and a coordinator send, against a
synthetic catalogue (default 50,000 offers over Sachsen-Anhalt, a third in Magdeburg).

Each scenario runs sequentially (one request at a time) through the offers GraphQL app in
process (ASGI, no network: parsing, validation, resolvers, dataloaders and PostgreSQL), after a
warm-up; the SQL of the search alone is timed too. Run:

    .venv/bin/python tests/benchmarks/offers_search_bench.py --offers 50000 --write-docs

`--write-docs` replaces the section "Offers search" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from koko_offers.app import SPEC, create_app
from koko_offers.demo.synthetic import generate
from koko_offers.offer import repository
from koko_offers.offer.visibility import PUBLIC_SCOPE
from koko_offers.settings import OffersSettings
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.testing.database import fresh_database

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "benchmarks.md"
MAGDEBURG = "150030000000"
NODE = "edges { node { id title provider { name } location { city } nextStart } }"


@dataclass(frozen=True)
class Scenario:
    name: str
    query: str
    variables: dict[str, Any]
    criteria: repository.OfferCriteria | None = None
    order: repository.OfferOrder | None = None


def scenarios(today: date) -> list[Scenario]:
    in_8_weeks = str(today + timedelta(weeks=8))
    return [
        Scenario(
            "browse a city, by title",
            f'query {{ offers(first: 20, filter: {{regionArs: "{MAGDEBURG}"}}) {{ {NODE} }} }}',
            {},
            repository.OfferCriteria(region_ars=MAGDEBURG),
        ),
        Scenario(
            "search a common word (+ totalCount)",
            'query { offers(first: 20, filter: {search: "Deutschkurs"}) '
            f"{{ totalCount {NODE} }} }}",
            {},
            repository.OfferCriteria(search="Deutschkurs"),
        ),
        Scenario(
            "part of compound words: kurs",
            f'query {{ offers(first: 20, filter: {{search: "kurs"}}) {{ {NODE} }} }}',
            {},
            repository.OfferCriteria(search="kurs"),
        ),
        Scenario(
            "two rare words in a city",
            'query { offers(first: 20, filter: {search: "Anerkennungsberatung Pflege", '
            f'regionArs: "{MAGDEBURG}"}}) {{ {NODE} }} }}',
            {},
            repository.OfferCriteria(search="Anerkennungsberatung Pflege", region_ars=MAGDEBURG),
        ),
        Scenario(
            "typo: Integrazionskurs",
            f'query {{ offers(first: 20, filter: {{search: "Integrazionskurs"}}) {{ {NODE} }} }}',
            {},
            repository.OfferCriteria(search="Integrazionskurs"),
        ),
        Scenario(
            "other language: курс",
            f'query {{ offers(first: 20, filter: {{search: "курс"}}) {{ {NODE} }} }}',
            {},
            repository.OfferCriteria(search="курс"),
        ),
        Scenario(
            "B1 with free seats, next 8 weeks, city",
            "query ($to: Date) { offers(first: 20, filter: {levels: [B1], hasFreeSeats: true, "
            f'regionArs: "{MAGDEBURG}", startsBetween: {{to: $to}}}}, orderBy: NEXT_START) '
            f"{{ totalCount {NODE} }} }}",
            {"to": in_8_weeks},
            repository.OfferCriteria(
                levels=["B1"],
                has_free_seats=True,
                region_ars=MAGDEBURG,
                starts_to=today + timedelta(weeks=8),
            ),
            repository.OfferOrder.NEXT_START,
        ),
        Scenario(
            "within 3 km, by distance",
            "query { offers(first: 20, filter: {near: {lat: 52.1306, lon: 11.627, radiusKm: 3}}, "
            f"orderBy: DISTANCE) {{ {NODE} }} }}",
            {},
            repository.OfferCriteria(near=repository.GeoCircle(52.1306, 11.627, 3)),
            repository.OfferOrder.DISTANCE,
        ),
        Scenario(
            "100 offers of a state, by last update",
            'query { offers(first: 100, filter: {regionArs: "150000000000"}, '
            f"orderBy: UPDATED_AT) {{ {NODE} }} }}",
            {},
            repository.OfferCriteria(region_ars="150000000000"),
            repository.OfferOrder.UPDATED_AT,
        ),
        Scenario(
            "language course supply of the state",
            '{ region(ars: "150000000000") { supply { courseTypeCode level upcomingStarts '
            "freeSeats } } }",
            {},
        ),
    ]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def timed(call: Callable[[], Awaitable[Any]], warmup: int, iterations: int) -> list[float]:
    for _ in range(warmup):
        await call()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def run(offers: int, warmup: int, iterations: int) -> tuple[str, str]:
    async with fresh_database("bench_search", SPEC.migrations_dir) as url:
        engine = create_engine(url, pool_size=4)
        sessionmaker = create_sessionmaker(engine)
        started = time.perf_counter()
        async with sessionmaker() as session, session.begin():
            summary = await generate(session, offers=offers, seed=42)
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
        setup = time.perf_counter() - started

        app = create_app(OffersSettings(data_dir=Path(tempfile.mkdtemp())))
        app.state.sessionmaker = sessionmaker
        app.state.engine = engine
        app.state.database_url = url
        rows = []
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://offers") as client:
            for scenario in scenarios(date.today()):

                async def graphql(s: Scenario = scenario) -> None:
                    response = await client.post(
                        "/graphql", json={"query": s.query, "variables": s.variables}
                    )
                    body = response.json()
                    assert response.status_code == 200 and "errors" not in body, body

                async def sql(s: Scenario = scenario) -> None:
                    assert s.criteria is not None
                    async with sessionmaker() as session:
                        await repository.search(
                            session, s.criteria, PUBLIC_SCOPE, order=s.order, first=20, after=None
                        )

                api = await timed(graphql, warmup, iterations)
                db = await timed(sql, warmup, iterations) if scenario.criteria else None
                rows.append(
                    f"| {scenario.name} | {statistics.median(api):.1f} | "
                    f"{percentile(api, 0.95):.1f} | {percentile(api, 0.99):.1f} | "
                    + (f"{statistics.median(db):.1f} |" if db else "– |")
                )
        await engine.dispose()

    header = (
        f"Run {date.today()}, {os.cpu_count()} vCPUs, Python {platform.python_version()}, "
        f"PostgreSQL from `{url.drivername}` on {url.host or 'a local socket'}; "
        f"{summary.offers:,} synthetic offers ({summary.course_runs:,} runs, "
        f"{summary.translations:,} translations, {summary.locations:,} locations), generated and "
        f"indexed in {setup:.0f} s; {iterations} sequential requests per scenario after "
        f"{warmup} warm-up requests."
    )
    table = "\n".join(
        [
            "| scenario | GraphQL p50 ms | p95 ms | p99 ms | search SQL p50 ms |",
            "|---|---:|---:|---:|---:|",
            *rows,
        ]
    )
    return header, table


def write_docs(header: str, table: str) -> None:
    section = f"""## Offers search

`tests/benchmarks/offers_search_bench.py` fills a throwaway database with the synthetic
catalogue (`koko_offers.demo.synthetic`), then sends each scenario sequentially through the
offers GraphQL app in process (ASGI; parsing, validation, resolvers, dataloaders, PostgreSQL) and
times the search SQL of the same filter alone (`offer.repository.search`, first 20 rows). Every
page asks for title, provider, location and next start, i.e. four dataloader batches.

```
.venv/bin/python tests/benchmarks/offers_search_bench.py --offers 50000 --write-docs
```

### Results

{header}

{table}
"""
    current = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"## Offers search\n.*?(?=\n## |\Z)", re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: section.rstrip("\n"), current)
    else:
        updated = current.rstrip("\n") + "\n\n" + section
    DOCS.write_text(updated.rstrip("\n") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=50_000)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    header, table = asyncio.run(run(args.offers, args.warmup, args.iterations))
    print(header)
    print(table)
    if args.write_docs:
        write_docs(header, table)


if __name__ == "__main__":
    main()
