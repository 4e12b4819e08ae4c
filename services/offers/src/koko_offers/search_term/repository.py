"""Every query on the search_term table (migration 0011)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, bindparam, column, exists, func, literal, select, table, text
from sqlalchemy.ext.asyncio import AsyncSession

_TERM = table("search_term", column("term", String))

# The words of these offers (title, description, provider, translations, German labels) go into
# the dictionary; sorted, so that two writers never wait for each other in opposite orders.
# The words of the offers' texts; each distinct text is read once (generated catalogues share
# most of their texts). The words of texts read one by one are those of the texts joined.
ADD_TERMS_OF_OFFERS = text(
    """
    WITH chosen AS MATERIALIZED (
        SELECT o.id, o.title, o.description, o.provider_id, o.category_code, o.course_type_id
          FROM offer AS o WHERE o.id = ANY(:offer_ids)
    )
    INSERT INTO search_term (term)
    SELECT DISTINCT word FROM (
        SELECT unnest(tsvector_to_array(to_tsvector('simple', koko_unaccent(texts.text)))) AS word
          FROM (
            SELECT title FROM chosen
            UNION SELECT description FROM chosen
            UNION SELECT p.name FROM provider AS p
                   WHERE p.id IN (SELECT provider_id FROM chosen)
            UNION SELECT c.label ->> 'de' FROM category AS c
                   WHERE c.code IN (SELECT category_code FROM chosen)
            UNION SELECT ct.label ->> 'de' FROM course_type AS ct
                   WHERE ct.id IN (SELECT course_type_id FROM chosen)
            UNION SELECT t.text FROM translation AS t
                   WHERE t.entity = 'offer' AND t.entity_id IN (SELECT id FROM chosen)
                     AND t.field IN ('title', 'description')
          ) AS texts(text)
    ) AS words
    WHERE length(word) BETWEEN 4 AND 60
    ORDER BY word
    ON CONFLICT DO NOTHING
    """
)


async def add_terms_of_offers(session: AsyncSession, offer_ids: Sequence[Any]) -> None:
    """Remember the words of these offers (after their search vectors were written). Words are
    never removed: a stale word only makes a correction that finds nothing."""
    if offer_ids:
        await session.execute(ADD_TERMS_OF_OFFERS, {"offer_ids": list(offer_ids)})


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def contained(session: AsyncSession, words: Sequence[str]) -> set[str]:
    """The words that are part of a dictionary word (a word, its beginning or a part of a
    compound word), through the trigram index: one statement."""
    if not words:
        return set()
    checks = []
    for index, word in enumerate(words):
        pattern = func.koko_unaccent(
            bindparam(f"part_{index}", _escape_like(word), type_=String, unique=True)
        )
        checks.append(
            exists()
            .where(_TERM.c.term.like(literal("%").concat(pattern).concat("%"), escape="\\"))
            .label(f"contained_{index}")
        )
    row = (await session.execute(select(*checks))).one()
    return {w for w, found in zip(words, row, strict=True) if found}


async def corrections(
    session: AsyncSession,
    words: Sequence[str],
    *,
    min_similarity: float,
    beginnings: bool = False,
) -> dict[str, str]:
    """For each word the most similar dictionary word (trigram similarity at least
    `min_similarity`), through the trigram index; words without one are left out. With
    `beginnings` (words still being typed) a word is compared with the most similar part of
    each dictionary word (pg_trgm's word similarity)."""
    if not words:
        return {}
    # The operators' thresholds (which the trigram index applies) are this request's.
    await session.execute(
        select(
            func.set_config("pg_trgm.similarity_threshold", str(min_similarity), True),
            func.set_config("pg_trgm.word_similarity_threshold", str(min_similarity), True),
        )
    )
    columns = []
    for index, word in enumerate(words):
        typed = func.koko_unaccent(bindparam(f"typo_{index}", word, type_=String, unique=True))
        if beginnings:
            similarity = func.word_similarity(typed, _TERM.c.term)
            near = _TERM.c.term.bool_op("%>")(typed)
        else:
            similarity = func.similarity(_TERM.c.term, typed)
            near = _TERM.c.term.bool_op("%")(typed)
        columns.append(
            select(_TERM.c.term)
            .where(near, similarity >= min_similarity)
            .order_by(similarity.desc(), _TERM.c.term)
            .limit(1)
            .scalar_subquery()
            .label(f"correction_{index}")
        )
    row = (await session.execute(select(*columns))).one()
    return {w: found for w, found in zip(words, row, strict=True) if found and found != w}
