"""Migration 0017 (the supply's stored sums) goes down and up again on a migrated database."""

from __future__ import annotations

from koko_offers.app import SPEC
from koko_shared.testing.migrations import migrated_database

BEFORE = "0016_free_seats_until"
TABLE = "SELECT count(*) FROM pg_class WHERE relname = 'course_run_supply'"
TRIGGERS = (
    "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'course_run_supply_%' "
    "OR tgname LIKE 'offer_supply_%'"
)
FUNCTIONS = "SELECT count(*) FROM pg_proc WHERE proname LIKE 'koko_supply_%'"


async def test_the_supply_sums_migrate_down_and_up() -> None:
    async with migrated_database("offers", SPEC.migrations_dir) as database:
        # given the migrated database: the table, six triggers and their six functions
        assert await database.values(TABLE, TRIGGERS, FUNCTIONS) == (1, 6, 6)
        # when going down, nothing of it is left
        await database.downgrade(BEFORE)
        assert await database.values(TABLE, TRIGGERS, FUNCTIONS) == (0, 0, 0)
        # and up again, everything is back
        await database.upgrade()
        assert await database.values(TABLE, TRIGGERS, FUNCTIONS) == (1, 6, 6)
