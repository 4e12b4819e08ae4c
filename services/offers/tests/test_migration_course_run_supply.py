"""Migration 0017 (the supply's stored sums) goes down and up again on a migrated database."""

from __future__ import annotations

import asyncio

import asyncpg
from alembic import command

from koko_offers.app import SPEC
from koko_shared.database.migrate import alembic_config
from koko_shared.database.url import asyncpg_dsn
from koko_shared.testing.database import fresh_database

BEFORE = "0016_free_seats_until"
TABLE = "SELECT count(*) FROM pg_class WHERE relname = 'course_run_supply'"
TRIGGERS = (
    "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'course_run_supply_%' "
    "OR tgname LIKE 'offer_supply_%'"
)
FUNCTIONS = "SELECT count(*) FROM pg_proc WHERE proname LIKE 'koko_supply_%'"


async def _counts(dsn: dict[str, object]) -> tuple[int, int, int]:
    connection = await asyncpg.connect(**dsn)  # type: ignore[arg-type]
    try:
        return (
            await connection.fetchval(TABLE),
            await connection.fetchval(TRIGGERS),
            await connection.fetchval(FUNCTIONS),
        )
    finally:
        await connection.close()


async def test_the_supply_sums_migrate_down_and_up() -> None:
    async with fresh_database("offers", SPEC.migrations_dir) as url:
        config = alembic_config(SPEC.migrations_dir, url)
        dsn = asyncpg_dsn(url)
        # given the migrated database: the table, six triggers and their six functions
        assert await _counts(dsn) == (1, 6, 6)
        # when going down, nothing of it is left
        await asyncio.to_thread(command.downgrade, config, BEFORE)
        assert await _counts(dsn) == (0, 0, 0)
        # and up again, everything is back
        await asyncio.to_thread(command.upgrade, config, "head")
        assert await _counts(dsn) == (1, 6, 6)
