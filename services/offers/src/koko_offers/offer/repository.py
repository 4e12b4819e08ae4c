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

_OFFER = Offer.__table__  # type: ignore[attr-defined]
# Readers never need the (large) search vector; it is only matched in SQL.
# Readers never need the (large) search vector; it is only matched in SQL.
WITHOUT_VECTOR = defer(typing.cast(QueryableAttribute[Any], Offer.search_vector), raiseload=True)


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
        .options(WITHOUT_VECTOR)
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

_REFRESH_SEARCH_VECTORS = text(
    """
    UPDATE offer AS o SET search_vector =
        setweight(to_tsvector('german', koko_unaccent(o.title)), 'A')
        || setweight(to_tsvector('simple', koko_unaccent(o.title)), 'A')
        || setweight(to_tsvector('german', koko_unaccent(concat_ws(' ',
               c.label ->> 'de', p.name,
               (SELECT concat_ws(' ', ct.label ->> 'de', ct.code, ct.kursnet_code)
                  FROM course_type AS ct WHERE ct.id = o.course_type_id)))), 'B')
        || setweight(to_tsvector('german', koko_unaccent(o.description)), 'C')
        || setweight(to_tsvector('simple', koko_unaccent(concat_ws(' ',
               (SELECT string_agg(value, ' ') FROM jsonb_each_text(c.label)),
               (SELECT string_agg(label.value, ' ')
                  FROM course_type AS ct, jsonb_each_text(ct.label) AS label
                 WHERE ct.id = o.course_type_id),
               (SELECT string_agg(t.text, ' ') FROM translation AS t
                 WHERE t.entity = 'offer' AND t.entity_id = o.id
                   AND t.field IN ('title', 'description'))))), 'D')
    FROM provider AS p, category AS c
    WHERE o.id = ANY(:offer_ids) AND p.id = o.provider_id AND c.code = o.category_code
    """
)


async def refresh_search_vectors(session: AsyncSession, offer_ids: Sequence[UUID]) -> None:
    """Rebuild the full-text vector of these offers from their title and description (German
    stems), category, course type, provider and every translation. Call it after writing an
    offer or one of its translations, in the same transaction."""
    if offer_ids:
        await session.execute(_REFRESH_SEARCH_VECTORS, {"offer_ids": list(offer_ids)})


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
