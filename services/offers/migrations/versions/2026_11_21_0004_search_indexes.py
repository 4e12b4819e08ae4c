"""search indexes: a stored title key, ordered pages by title and by last update, distance

`offer.title_key` (the title lower-cased without accents) is computed once per write instead of
on every row a search looks at; a trigram index on it serves substring and similarity search
(and replaces ix_offer_title_trgm on the same expression), a btree on (title_key, id) serves
browsing by title. Feeds by last update read the first rows of (updated_at, id); `near` finds
locations through a GiST index on their earth point.

Revision ID: 0004_search_indexes
Revises: 0003_write_rules
Create Date: 2026-11-21 20:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_search_indexes"
down_revision: str | None = "0003_write_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE offer ADD COLUMN title_key text "
        "GENERATED ALWAYS AS (koko_unaccent(lower(title))) STORED"
    )
    op.execute("DROP INDEX IF EXISTS ix_offer_title_trgm")
    op.execute("CREATE INDEX ix_offer_title_key_trgm ON offer USING gin (title_key gin_trgm_ops)")
    op.execute("CREATE INDEX ix_offer_title_key_id ON offer (title_key, id)")
    op.execute("CREATE INDEX ix_offer_updated_at_id ON offer (updated_at DESC, id DESC)")
    op.execute("CREATE INDEX ix_location_earth ON location USING gist (ll_to_earth(lat, lon))")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_location_earth")
    op.execute("DROP INDEX IF EXISTS ix_offer_updated_at_id")
    op.execute("DROP INDEX IF EXISTS ix_offer_title_key_id")
    op.execute("DROP INDEX IF EXISTS ix_offer_title_key_trgm")
    op.execute("ALTER TABLE offer DROP COLUMN IF EXISTS title_key")
    op.execute(
        "CREATE INDEX ix_offer_title_trgm ON offer USING gin "
        "(koko_unaccent(lower(title)) gin_trgm_ops)"
    )
