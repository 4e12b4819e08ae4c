"""the locations that lie in an area, with their area, read from an index alone

The areas menu of the finder's facets (`offer.facets`) joins its sample's locations to their
areas. Without this index the join read the whole location table (8,000 rows, 221 buffers, a
sequential scan hashed per request) or, in a search's transaction where table scans are off,
looked each sampled location up by key (~3,100 buffers for 1,001 sampled offers). With it the
join hashes the ~2,700 located-in-an-area locations from this index (index-only, ~20 buffers)
in either transaction: the areas menu of 1,001 sampled offers 2.9 -> 0.8 ms in a search's
transaction, 1.9 -> 1.1 ms outside one (min of 20 EXPLAIN ANALYZE at 100,000 offers;
docs/benchmarks.md, "The finder's facets steady").

Revision ID: 0019_location_area_index
Revises: 0018_search_vocabulary
Create Date: 2026-12-07 03:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019_location_area_index"
down_revision: str | None = "0018_search_vocabulary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_location_area ON location (id) INCLUDE (area_id) "
        "WHERE area_id IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_location_area")
