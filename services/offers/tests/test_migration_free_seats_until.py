"""Migration 0016 (stored free seats) goes down and up again on a migrated database."""

from __future__ import annotations

from koko_offers.app import SPEC
from koko_shared.testing.migrations import migrated_database

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


async def test_stored_free_seats_migrate_down_and_up() -> None:
    async with migrated_database("offers", SPEC.migrations_dir) as database:
        steps = await database.down_and_up(BEFORE, STORED, TRIGGERS, INDEXES)
    # at head: two columns, three triggers, three indexes; down, only the index of 0013 is
    # left; up again, everything is back
    assert steps == [(2, 3, 3), (0, 0, 1), (2, 3, 3)]
