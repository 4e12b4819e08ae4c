"""Migration 0016 (stored free seats) goes down and up again on a migrated database."""

from __future__ import annotations

import asyncio

import asyncpg
from alembic import command

from koko_offers.app import SPEC
from koko_shared.database.migrate import alembic_config
from koko_shared.database.url import asyncpg_dsn
from koko_shared.testing.database import fresh_database

BEFORE = "0015_webhook_owner_organization"
STORED = (
    "SELECT count(*) FROM information_schema.columns WHERE (table_name, column_name) IN "
    "(('offer', 'free_seats_until'), ('course_run', 'registration_open_until'))"
)
TRIGGERS = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'course_run_free_seats_%'"
INDEXES = (
    "SELECT count(*) FROM pg_indexes WHERE indexname IN "
    "('ix_course_run_free_seats', 'ix_course_run_supply', 'ix_offer_id_filters')"
)


async def _counts(dsn: dict[str, object]) -> tuple[int, int, int]:
    connection = await asyncpg.connect(**dsn)  # type: ignore[arg-type]
    try:
        return (
            await connection.fetchval(STORED),
            await connection.fetchval(TRIGGERS),
            await connection.fetchval(INDEXES),
        )
    finally:
        await connection.close()


async def test_stored_free_seats_migrate_down_and_up() -> None:
    async with fresh_database("offers", SPEC.migrations_dir) as url:
        config = alembic_config(SPEC.migrations_dir, url)
        dsn = asyncpg_dsn(url)
        # given the migrated database: two columns, three triggers, three indexes
        assert await _counts(dsn) == (2, 3, 3)
        # when going down, only the index of 0013 is left
        await asyncio.to_thread(command.downgrade, config, BEFORE)
        assert await _counts(dsn) == (0, 0, 1)
        # and up again, everything is back
        await asyncio.to_thread(command.upgrade, config, "head")
        assert await _counts(dsn) == (2, 3, 3)
