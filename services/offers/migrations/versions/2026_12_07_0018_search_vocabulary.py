"""the search vocabulary's version, changed in the transaction of every write a prepared search
depends on

A prepared search (`koko_offers.offer.search_text`) reads the synonyms, the code-list labels in
other languages and the known-word dictionary: four round trips per request (issue 18). Each
offers process keeps the prepared searches (`offer/search_text_cache.py`) and checks them with
one cheap read of `search_vocabulary.version`:

- `search_vocabulary`: one row, the version: a new random UUID on each change, so that no value
  comes back (not after a rolled-back change, nor in another database or a restored backup,
  which a long-running process may meet with the same cache).
- statement triggers bump it on every write of `search_synonym`, on inserts, deletes and label
  updates of `category` and `course_type`, and on deletes from `search_term` (words are only
  added by the offers' writes; a search is kept only while all its words are known, which an
  added word cannot change). Triggers, so that no write path (mutations, demo data, scripts,
  migrations) can forget it. Writers of synonyms and code lists wait for each other on the row:
  they are rare.

Revision ID: 0018_search_vocabulary
Revises: 0017_course_run_supply
Create Date: 2026-12-07 03:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018_search_vocabulary"
down_revision: str | None = "0017_course_run_supply"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, trigger events): the writes that change what a search is prepared from.
TRIGGERS = (
    ("search_synonym", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("category", "INSERT OR UPDATE OF label OR DELETE OR TRUNCATE"),
    ("course_type", "INSERT OR UPDATE OF label OR DELETE OR TRUNCATE"),
    ("search_term", "DELETE OR TRUNCATE"),
)


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE search_vocabulary (
            id boolean NOT NULL DEFAULT true,
            version uuid NOT NULL DEFAULT gen_random_uuid(),
            CONSTRAINT pk_search_vocabulary PRIMARY KEY (id),
            CONSTRAINT ck_search_vocabulary_one_row CHECK (id)
        )
        """
    )
    op.execute("INSERT INTO search_vocabulary DEFAULT VALUES")
    op.execute(
        """
        CREATE FUNCTION koko_search_vocabulary_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE search_vocabulary SET version = gen_random_uuid();
            RETURN NULL;
        END
        $$
        """
    )
    for table, events in TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {table}_search_vocabulary AFTER {events} ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION koko_search_vocabulary_changed()"
        )


def downgrade() -> None:
    for table, _ in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_search_vocabulary ON {table}")
    op.execute("DROP FUNCTION IF EXISTS koko_search_vocabulary_changed()")
    op.execute("DROP TABLE IF EXISTS search_vocabulary")
