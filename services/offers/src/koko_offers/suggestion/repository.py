"""The reads behind suggestions: titles of readable offers and provider names whose words
begin with what was typed, through the GIN indexes (title_vector, ix_provider_name_vector)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer.models import Offer
from koko_offers.provider.models import Provider

_OFFER = Offer.__table__  # type: ignore[attr-defined]
_PROVIDER = Provider.__table__  # type: ignore[attr-defined]
# Titles are grouped from the first matching offers in rank order, not from every match.
TITLE_CANDIDATES = 200


async def titles(
    session: AsyncSession,
    conditions: Sequence[ColumnElement[bool]],
    query: ColumnElement[Any],
    limit: int,
) -> list[tuple[str, int]]:
    """Distinct titles of the first offers (shortest titles first) matching `conditions` whose
    title matches the text query `query`, most frequent first, with how often they occur."""
    candidates = (
        select(_OFFER.c.title, _OFFER.c.search_rank)
        .where(*conditions, _OFFER.c.title_vector.bool_op("@@")(query))
        .order_by(_OFFER.c.search_rank, _OFFER.c.id)
        .limit(TITLE_CANDIDATES)
        .subquery("candidates")
    )
    grouped = (
        select(candidates.c.title, func.count())
        .group_by(candidates.c.title)
        .order_by(func.count().desc(), func.min(candidates.c.search_rank), candidates.c.title)
        .limit(limit)
    )
    return [(title, int(count)) for title, count in await session.execute(grouped)]


def _name_vector() -> ColumnElement[Any]:
    # The expression of ix_provider_name_vector (migration 0012).
    return func.to_tsvector(text("'simple'::regconfig"), func.koko_unaccent(_PROVIDER.c.name))


async def providers(
    session: AsyncSession, query: ColumnElement[Any], limit: int
) -> list[tuple[Any, str]]:
    """(id, name) of providers whose name matches the text query, shortest names first."""
    rows = await session.execute(
        select(_PROVIDER.c.id, _PROVIDER.c.name)
        .where(_name_vector().bool_op("@@")(query))
        .order_by(func.length(_PROVIDER.c.name), _PROVIDER.c.name, _PROVIDER.c.id)
        .limit(limit)
    )
    return [(provider_id, name) for provider_id, name in rows]
