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
        steps = await database.down_and_up(BEFORE, TABLE, TRIGGERS, FUNCTIONS)
    # at head: the table, six triggers and their six functions; down, nothing of it is left;
    # up again, everything is back
    assert steps == [(1, 6, 6), (0, 0, 0), (1, 6, 6)]
