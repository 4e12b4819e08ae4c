"""rank bands in the text indexes: the GIN indexes of `title_vector` and `search_vector` also
hold the title's length (`search_rank`), so that a relevance tier's matches within a few rank
values are one index scan

At 1,000,000 offers a tier of "Deutschkurs" (the Integrationskurs reading: 56,512 title
matches) has no match among the first 2,000 offers in rank order, and reading the rest of it
from the GIN index fetched every match from the table to sort them (767 ms of 838). With the
length in the same index, `ranking._beyond_walk` reads the tier band by band of rank values:
the index intersects the text match with the band, and only the band's matches are fetched.

The length is indexed as `length(title)` (what `search_rank` stores), not as the column: a band
condition on the expression can only be answered by these indexes, never by the B-tree of
`search_rank` alone (which would fetch every offer of the band to test its text). The indexes
replace the single-column ones; a condition on the vector alone uses them the same way.
`btree_gin` provides the GIN operator class of integers.

Revision ID: 0018_rank_bands
Revises: 0017_course_run_supply
Create Date: 2026-12-06 19:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018_rank_bands"
down_revision: str | None = "0017_course_run_supply"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute(
        "CREATE INDEX ix_offer_title_vector_rank ON offer USING gin (title_vector, length(title))"
    )
    op.execute(
        "CREATE INDEX ix_offer_search_vector_rank ON offer USING gin (search_vector, length(title))"
    )
    op.execute("DROP INDEX IF EXISTS ix_offer_title_vector")
    op.execute("DROP INDEX IF EXISTS ix_offer_search_vector")


def downgrade() -> None:
    op.execute("CREATE INDEX ix_offer_search_vector ON offer USING gin (search_vector)")
    op.execute("CREATE INDEX ix_offer_title_vector ON offer USING gin (title_vector)")
    op.execute("DROP INDEX IF EXISTS ix_offer_search_vector_rank")
    op.execute("DROP INDEX IF EXISTS ix_offer_title_vector_rank")
