"""search at scale: offers by next start driven by the runs in start order

`ix_course_run_start_offer` lists the runs by (start_date, offer_id, id) with their status, so
that `offers(orderBy: NEXT_START)` reads the upcoming runs in order and stops after a page
instead of computing the next start of every matching offer (see docs/offers-search.md).

Revision ID: 0006_search_at_scale
Revises: 0005_unlimited_free_seats
Create Date: 2026-11-21 21:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_search_at_scale"
down_revision: str | None = "0005_unlimited_free_seats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_course_run_start_offer ON course_run (start_date, offer_id, id) "
        "INCLUDE (status)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_course_run_start_offer")
