"""Plain reads and writes of the offer table, the read-scope condition and the maintenance of
`search_vector`. The search behind `offers(filter:)` lives in `offer/search.py`."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import col

from koko_offers.offer.models import Offer
from koko_offers.offer.visibility import ReadScope
from koko_offers.region import repository as region_repository
from koko_offers.search_term import repository as search_term_repository

_OFFER = Offer.__table__  # type: ignore[attr-defined]
# Readers never need the (large) search vector; it is only matched in SQL.
WITHOUT_VECTOR = (
    defer(typing.cast(QueryableAttribute[Any], Offer.search_vector), raiseload=True),
    defer(typing.cast(QueryableAttribute[Any], Offer.title_vector), raiseload=True),
)


# --- lookups ------------------------------------------------------------------------------------


async def get(session: AsyncSession, offer_id: UUID) -> Offer | None:
    return await session.get(Offer, offer_id)


async def get_many(
    session: AsyncSession, offer_ids: Sequence[UUID], scope: ReadScope
) -> dict[UUID, Offer]:
    """The offers among `offer_ids` the scope may read."""
    if not offer_ids:
        return {}
    rows = await session.execute(
        select(Offer)
        .options(*WITHOUT_VECTOR)
        .where(col(Offer.id).in_(list(offer_ids)), readable(scope))
    )
    return {offer.id: offer for offer in rows.scalars()}


def readable(scope: ReadScope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    alternatives: list[ColumnElement[bool]] = [col(Offer.status) == "published"]
    alternatives.extend(
        region_repository.within(col(Offer.region_ars), p) for p in scope.region_prefixes
    )
    if scope.provider_ids:
        alternatives.append(col(Offer.provider_id).in_(list(scope.provider_ids)))
    return or_(*alternatives)


# --- search vector ------------------------------------------------------------------------------

# The title's vector and the description's stems are computed once per distinct text among
# the offers refreshed (a million generated offers share a few thousand titles; the word parts
# of a title are most of the cost), and joined back: the vectors are those of each offer.
_REFRESH_SEARCH_VECTORS = text(
    """
    WITH chosen AS MATERIALIZED (
        SELECT o.id, o.title, o.title_key, o.description, o.provider_id, o.category_code,
               o.course_type_id
          FROM offer AS o WHERE o.id = ANY(:offer_ids)
    ), titles AS MATERIALIZED (
        SELECT t.title,
            setweight(to_tsvector('german', koko_unaccent(t.title)), 'A')
            || setweight(to_tsvector('simple', koko_unaccent(t.title)), 'A')
            || setweight(to_tsvector('simple', koko_word_parts(t.title_key)), 'A') AS vector
          FROM (SELECT DISTINCT title, title_key FROM chosen) AS t
    ), described AS MATERIALIZED (
        SELECT d.description,
               setweight(to_tsvector('german', koko_unaccent(d.description)), 'C') AS vector
          FROM (SELECT DISTINCT description FROM chosen) AS d
    ), source AS (
        SELECT o.id, tv.vector AS title_vector,
            setweight(to_tsvector('simple', koko_unaccent(coalesce(titles.text, ''))), 'A')
            || setweight(to_tsvector('german', koko_unaccent(concat_ws(' ',
                c.label ->> 'de', p.name, ct.label ->> 'de', ct.code, ct.kursnet_code))), 'B')
            || dv.vector
            || setweight(to_tsvector('simple', koko_unaccent(concat_ws(' ',
                c.label ->> 'de', ct.label ->> 'de', descriptions.text))), 'D') AS other_vector
        FROM chosen AS o
        JOIN titles AS tv ON tv.title = o.title
        LEFT JOIN described AS dv ON dv.description = o.description
        JOIN provider AS p ON p.id = o.provider_id
        JOIN category AS c ON c.code = o.category_code
        LEFT JOIN course_type AS ct ON ct.id = o.course_type_id
        LEFT JOIN LATERAL (
            SELECT string_agg(t.text, ' ') AS text FROM translation AS t
             WHERE t.entity = 'offer' AND t.entity_id = o.id AND t.field = 'title'
        ) AS titles ON true
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
)


async def refresh_search_vectors(session: AsyncSession, offer_ids: Sequence[UUID]) -> None:
    """Rebuild the search vectors of these offers and add their words to the dictionary of
    corrections. `title_vector`: German stems and words of the title, the parts of its words
    (every suffix of three letters or more: "kurs" finds "Integrationskurs"); `search_vector`:
    that, plus the translated titles, category, course type and provider (German), the
    description and its translations. Labels in other languages are not indexed: they are read
    as whole phrases (`offer.search_text`). Call it after writing an offer or one of its
    translations, in the same transaction."""
    if offer_ids:
        await session.execute(_REFRESH_SEARCH_VECTORS, {"offer_ids": list(offer_ids)})
        await search_term_repository.add_terms_of_offers(session, offer_ids)


# --- writes -------------------------------------------------------------------------------------


async def lock(session: AsyncSession, offer_id: UUID) -> Offer | None:
    """The row, locked until the transaction ends (FOR UPDATE), with fresh values."""
    result = await session.execute(
        select(Offer)
        .where(col(Offer.id) == offer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: Offer) -> Offer:
    """Write a new or changed row and read back what the database computed."""
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row


async def ids_of_provider(session: AsyncSession, provider_id: UUID) -> list[UUID]:
    rows = await session.execute(select(col(Offer.id)).where(col(Offer.provider_id) == provider_id))
    return list(rows.scalars())


async def of_providers(
    session: AsyncSession, provider_ids: Sequence[UUID], scope: ReadScope
) -> dict[UUID, list[Offer]]:
    """The offers each provider runs that the scope may read, by title (the actor network shows
    them beside its actors), in one query."""
    rows = await session.execute(
        select(Offer)
        .options(*WITHOUT_VECTOR)
        .where(col(Offer.provider_id).in_(list(provider_ids)), readable(scope))
        .order_by(col(Offer.provider_id), col(Offer.title), col(Offer.id))
    )
    grouped: dict[UUID, list[Offer]] = {provider_id: [] for provider_id in provider_ids}
    for offer in rows.scalars():
        grouped[offer.provider_id].append(offer)
    return grouped
