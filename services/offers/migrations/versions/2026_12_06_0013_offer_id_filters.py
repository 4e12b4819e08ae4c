"""offer ids with the filter columns: samples in id order read from the index alone

Counts beyond the exact bound and facet counts read the first matches in id order (a random
sample, see docs/offers-search.md). With `ix_offer_id_filters` the filter columns come from the
index (an index-only scan) instead of a heap row per visited offer: measured on the B1 free-seats
count in Magdeburg, 158 -> 69 ms for the sample and 237 -> 79 ms for the capped count, on a
machine at load 14.

Revision ID: 0013_offer_id_filters
Revises: 0012_suggestions
Create Date: 2026-12-06 05:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013_offer_id_filters"
down_revision: str | None = "0012_suggestions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_offer_id_filters ON offer (id) INCLUDE (status, region_ars, "
        "category_code, course_type_id, location_id, provider_id, childcare, target_groups, "
        "instruction_languages, support_languages)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_offer_id_filters")
