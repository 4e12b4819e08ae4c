"""distance pages: stored earth point of locations, offers by location covering the filter

`location.earth` stores `ll_to_earth(lat, lon)` (GiST index, replacing ix_location_earth on the
expression): computing the point per location cost ~12 µs (a domain check per call), 29 ms for
the 2,000 locations within 5 km of Magdeburg's centre. `ix_offer_location_covering` answers
"the published offers at these locations, of these course types" from the index alone, so that a
page by distance reads 21 offer rows instead of the 19,000 offers around (94 -> 20 ms).

Revision ID: 0007_distance_pages
Revises: 0006_search_at_scale
Create Date: 2026-11-21 21:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_distance_pages"
down_revision: str | None = "0006_search_at_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE location ADD COLUMN earth earth "
        "GENERATED ALWAYS AS (ll_to_earth(lat, lon)) STORED"
    )
    op.execute("DROP INDEX IF EXISTS ix_location_earth")
    op.execute("CREATE INDEX ix_location_earth ON location USING gist (earth)")
    op.execute(
        "CREATE INDEX ix_offer_location_covering ON offer "
        "(location_id, status, course_type_id, id)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_offer_location_covering")
    op.execute("DROP INDEX IF EXISTS ix_location_earth")
    op.execute("ALTER TABLE location DROP COLUMN IF EXISTS earth")
    op.execute("CREATE INDEX ix_location_earth ON location USING gist (ll_to_earth(lat, lon))")
