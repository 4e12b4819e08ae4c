"""suggestions and postcodes: provider names by word beginnings, locations by postcode

`offerSuggestions` (autocomplete) completes provider names as it completes titles: every word
typed is the beginning of a word of the name. `filter.postcodes` and `near.postcode` find the
locations of a postcode.

Revision ID: 0012_suggestions
Revises: 0011_ranked_search
Create Date: 2026-12-06 04:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_suggestions"
down_revision: str | None = "0011_ranked_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_provider_name_vector ON provider "
        "USING gin (to_tsvector('simple'::regconfig, koko_unaccent(name)))"
    )
    op.execute("CREATE INDEX ix_location_postal_code ON location (postal_code)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_location_postal_code")
    op.execute("DROP INDEX IF EXISTS ix_provider_name_vector")
