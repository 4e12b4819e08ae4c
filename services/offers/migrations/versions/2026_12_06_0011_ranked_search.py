"""ranked search: a title vector with the parts of compound words, a stored rank, a dictionary

A search ranks in tiers (docs/offers-search.md): offers whose title matches, then those that
match anywhere, per reading of the search; within a tier by `search_rank` (the title's length:
the shorter the title, the more of it the words are) and id. Each tier is read in that order
through `ix_offer_search_rank_id` or the GIN indexes and stops after a page, so ranking never
touches every match.

- `offer.title_vector`: German stems and words of the title, every suffix (3+ letters) of its
  words — so that "kurs" finds "Integrationskurs" through the index instead of an unanchored
  `LIKE '%kurs%'`. `search_vector` holds it too, plus the rest as before, but no longer the code-list labels in languages other than German: every
  language course carried "курс" through its course type's Russian and Ukrainian labels, so the
  word matched half the catalogue (those labels are read as whole phrases instead).
- `offer.search_rank`: the title's length, stored.
- `search_term`: the words of the catalogue (titles, descriptions, providers, labels,
  translations), a trigram index on them: a search word no offer contains is corrected to the
  most similar word here, instead of comparing it with every title.

Revision ID: 0011_ranked_search
Revises: 0010_code_list_labels
Create Date: 2026-12-06 04:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_ranked_search"
down_revision: str | None = "0010_code_list_labels"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same statement as koko_offers.offer.repository.refresh_search_vectors (frozen here).
_REFRESH_ALL = """
WITH source AS (
    SELECT o.id,
        setweight(to_tsvector('german', koko_unaccent(o.title)), 'A')
        || setweight(to_tsvector('simple', koko_unaccent(o.title)), 'A')
        || setweight(to_tsvector('simple', koko_word_parts(o.title_key)), 'A')
            AS title_vector,
        setweight(to_tsvector('simple', koko_unaccent(coalesce(titles.text, ''))), 'A')
        || setweight(to_tsvector('german', koko_unaccent(concat_ws(' ',
            c.label ->> 'de', p.name, ct.label ->> 'de', ct.code, ct.kursnet_code))), 'B')
        || setweight(to_tsvector('german', koko_unaccent(o.description)), 'C')
        || setweight(to_tsvector('simple', koko_unaccent(concat_ws(' ',
            c.label ->> 'de', ct.label ->> 'de', descriptions.text))), 'D') AS other_vector
    FROM offer AS o
    JOIN provider AS p ON p.id = o.provider_id
    JOIN category AS c ON c.code = o.category_code
    LEFT JOIN course_type AS ct ON ct.id = o.course_type_id
    LEFT JOIN LATERAL (
        SELECT string_agg(t.text, ' ') AS text FROM translation AS t
         WHERE t.entity = 'offer' AND t.entity_id = o.id AND t.field = 'title') AS titles ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(t.text, ' ') AS text FROM translation AS t
         WHERE t.entity = 'offer' AND t.entity_id = o.id AND t.field = 'description'
    ) AS descriptions ON true
)
UPDATE offer AS o
   SET title_vector = source.title_vector,
       search_vector = source.title_vector || source.other_vector
  FROM source
 WHERE o.id = source.id
"""

_FILL_TERMS = """
INSERT INTO search_term (term)
SELECT DISTINCT word FROM (
    SELECT unnest(tsvector_to_array(to_tsvector('simple', koko_unaccent(concat_ws(' ',
        o.title, o.description, p.name))))) AS word
      FROM offer AS o JOIN provider AS p ON p.id = o.provider_id
    UNION ALL
    SELECT unnest(tsvector_to_array(to_tsvector('simple', koko_unaccent(t.text))))
      FROM translation AS t WHERE t.entity = 'offer' AND t.field IN ('title', 'description')
    UNION ALL
    SELECT unnest(tsvector_to_array(to_tsvector('simple', koko_unaccent(l.value))))
      FROM course_type AS ct, jsonb_each_text(ct.label) AS l
    UNION ALL
    SELECT unnest(tsvector_to_array(to_tsvector('simple', koko_unaccent(l.value))))
      FROM category AS c, jsonb_each_text(c.label) AS l
) AS words
WHERE length(word) BETWEEN 4 AND 60
ON CONFLICT DO NOTHING
"""


def upgrade() -> None:
    op.execute(
        """
        CREATE OR REPLACE FUNCTION koko_word_parts(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$
            SELECT coalesce(string_agg(substr(word, start), ' '), '')
              FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, $1))) AS word,
                   generate_series(2, length(word) - 2) AS start
        $$
        """
    )
    op.execute("ALTER TABLE offer ADD COLUMN title_vector tsvector")
    op.execute(
        "ALTER TABLE offer ADD COLUMN search_rank integer "
        "GENERATED ALWAYS AS (length(title)) STORED"
    )
    op.execute(
        """
        CREATE TABLE search_term (
            term text NOT NULL,
            CONSTRAINT pk_search_term PRIMARY KEY (term)
        )
        """
    )
    op.execute(_REFRESH_ALL)
    op.execute(_FILL_TERMS)
    op.execute("CREATE INDEX ix_offer_title_vector ON offer USING gin (title_vector)")
    op.execute("CREATE INDEX ix_offer_search_rank_id ON offer (search_rank, id)")
    op.execute("CREATE INDEX ix_search_term_trgm ON search_term USING gin (term gin_trgm_ops)")
    # Replaced by the word parts of title_vector (substring) and search_term (typos).
    op.execute("DROP INDEX IF EXISTS ix_offer_title_key_trgm")


def downgrade() -> None:
    op.execute("CREATE INDEX ix_offer_title_key_trgm ON offer USING gin (title_key gin_trgm_ops)")
    op.execute("DROP TABLE IF EXISTS search_term")
    op.execute("DROP INDEX IF EXISTS ix_offer_search_rank_id")
    op.execute("DROP INDEX IF EXISTS ix_offer_title_vector")
    op.execute("ALTER TABLE offer DROP COLUMN IF EXISTS search_rank")
    op.execute("ALTER TABLE offer DROP COLUMN IF EXISTS title_vector")
    op.execute("DROP FUNCTION IF EXISTS koko_word_parts(text)")
