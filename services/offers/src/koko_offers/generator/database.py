"""A database holding a synthetic catalogue: create, migrate, fill, analyse, and remember what it
holds (a JSON comment on the database), so that benchmarks reuse one catalogue across runs."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_offers.generator import SyntheticSummary, generate
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.migrate import upgrade_head
from koko_shared.database.url import asyncpg_dsn, drop_database, ensure_database

# Bump when the generator writes different data for the same arguments.
GENERATOR_VERSION = 3


def catalogue_key(offers: int, runs: int | None, seed: int) -> str:
    return f"offers={offers} runs={runs} seed={seed} generator={GENERATOR_VERSION}"


def benchmark_database_name(offers: int, runs: int | None, seed: int) -> str:
    """The database a benchmark keeps its catalogue in, keyed by size and seed."""
    return f"koko_bench_offers_{offers}_{runs or 'default'}_{seed}_v{GENERATOR_VERSION}"


async def stored_catalogue(url: URL) -> dict[str, Any] | None:
    """What `fill` recorded on the database, or None (missing, unfinished, other catalogue)."""
    maintenance = url.set(database="postgres")
    conn = await asyncpg.connect(**asyncpg_dsn(maintenance))  # type: ignore[arg-type]
    try:
        comment = await conn.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            url.database,
        )
    finally:
        await conn.close()
    try:
        return json.loads(comment) if comment else None
    except ValueError:
        return None


async def forget_catalogue(url: URL) -> None:
    """Drop the record of `fill`, e.g. after more rows were added: `reuse` then rebuilds."""
    maintenance = url.set(database="postgres")
    conn = await asyncpg.connect(**asyncpg_dsn(maintenance))  # type: ignore[arg-type]
    try:
        await conn.execute(f'COMMENT ON DATABASE "{url.database}" IS NULL')
    finally:
        await conn.close()


async def fill(
    url: URL,
    migrations_dir: Any,
    *,
    offers: int,
    runs: int | None,
    seed: int,
    reuse: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """Make the database at `url` hold the catalogue: with `reuse`, keep it when it already
    holds the same one (key of size, seed and generator version), else start it afresh.
    Returns the recorded summary (`reused` tells which happened)."""
    key = catalogue_key(offers, runs, seed)
    if reuse:
        stored = await stored_catalogue(url)
        if stored is not None and stored.get("key") == key:
            await upgrade_head(migrations_dir, url)  # newer migrations (indexes) apply on top
            await analyze(url)
            return {**stored, "reused": True}
    await drop_database(url)
    await ensure_database(url)
    await upgrade_head(migrations_dir, url)
    engine = create_engine(url, pool_size=1)
    maker: async_sessionmaker[AsyncSession] = create_sessionmaker(engine)
    started = time.perf_counter()
    try:
        async with maker() as session, session.begin():
            summary: SyntheticSummary = await generate(
                session, offers=offers, runs=runs, seed=seed, today=today
            )
    finally:
        await engine.dispose()
    await analyze(url, vacuum=True)
    record = {
        "key": key,
        "generated_on": str(today or date.today()),
        **asdict(summary),
        "seconds_with_vacuum": round(time.perf_counter() - started, 1),
    }
    maintenance = url.set(database="postgres")
    conn = await asyncpg.connect(**asyncpg_dsn(maintenance))  # type: ignore[arg-type]
    try:
        literal = json.dumps(record).replace("'", "''")
        await conn.execute(f"COMMENT ON DATABASE \"{url.database}\" IS '{literal}'")
    finally:
        await conn.close()
    return {**record, "reused": False}


async def analyze(url: URL, *, vacuum: bool = False) -> None:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            if vacuum:
                # The search vectors are written by an UPDATE after the COPY: without this the
                # offer table would keep a dead copy of every row (50% bloat, 176 instead of
                # ~115 MB at 100,000 offers), which a catalogue grown by edits does not have.
                await autocommit.execute(text("VACUUM (FULL, ANALYZE) offer"))
            await autocommit.execute(text("VACUUM ANALYZE" if vacuum else "ANALYZE"))
    finally:
        await engine.dispose()
