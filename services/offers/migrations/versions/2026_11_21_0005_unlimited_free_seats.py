"""unlimited free seats: course_run.free_seats is NULL when the run has no seat maximum

GREATEST ignores NULL, so `GREATEST(capacity_max - seats_booked, 0)` made runs without a maximum
look full (0 free seats) to every reader of the column. PostgreSQL 15 cannot change a generation
expression in place, so the column is dropped and added again (no index uses it).

Revision ID: 0005_unlimited_free_seats
Revises: 0004_search_indexes
Create Date: 2026-11-21 21:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_unlimited_free_seats"
down_revision: str | None = "0004_search_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNLIMITED_IS_NULL = (
    "CASE WHEN capacity_max IS NULL THEN NULL ELSE GREATEST(capacity_max - seats_booked, 0) END"
)
UNLIMITED_IS_ZERO = "GREATEST(capacity_max - seats_booked, 0)"


def _recreate(expression: str) -> None:
    op.execute("ALTER TABLE course_run DROP COLUMN free_seats")
    op.execute(
        "ALTER TABLE course_run ADD COLUMN free_seats integer "
        f"GENERATED ALWAYS AS ({expression}) STORED"
    )


def upgrade() -> None:
    _recreate(UNLIMITED_IS_NULL)


def downgrade() -> None:
    _recreate(UNLIMITED_IS_ZERO)
