"""Pages of a search by relevance: the tiers of `text_search.tiers` (title matches of the
heaviest reading first), each read in `search_rank` order and cut after a page, so that ranking
never visits every match: a word in a third of the catalogue reads a page's worth of rows per
tier instead of ranking 37,000 of them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Integer, literal, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer import repository
from koko_offers.offer.criteria import OfferCriteria, OfferHit, filter_conditions, locations_near
from koko_offers.offer.models import Offer
from koko_offers.offer.text_search import SearchText, search_rank, tiers
from koko_offers.offer.visibility import ReadScope
from koko_shared.errors import InvalidInput
from koko_shared.pagination import Page, PageRequest, decode_typed_cursor

_OFFER = Offer.__table__  # type: ignore[attr-defined]


async def relevance_page(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    text: SearchText,
    request: PageRequest,
) -> Page[OfferHit]:
    """One page by relevance. The cursor is (tier, search_rank, id); each tier contributes at
    most a page of rows beyond the cursor (one UNION ALL statement; the planner reads a broad
    tier in `ix_offer_search_rank_id` order and stops, a narrow one from the GIN index)."""
    conditions = filter_conditions(criteria, scope)
    cursor = _decode(request)
    backward = request.backward
    rank, offer_id = search_rank(), _OFFER.c.id
    branches = []
    for tier in tiers(text):
        if cursor is not None and (
            tier.number < cursor[0] if not backward else tier.number > cursor[0]
        ):
            continue
        branch = select(
            offer_id.label("id"), literal(tier.number, Integer).label("tier"), rank.label("rank")
        ).where(*conditions, tier.condition)
        if cursor is not None and tier.number == cursor[0]:
            beyond = tuple_(rank, offer_id)
            position = tuple_(literal(cursor[1]), literal(cursor[2]))
            branch = branch.where(beyond < position if backward else beyond > position)
        ordering = (rank.desc(), offer_id.desc()) if backward else (rank, offer_id)
        branches.append(branch.order_by(*ordering).limit(request.size + 1).subquery())
    if not branches:
        return Page.from_overfetch([], [], request)
    ranked = union_all(*(select(b.c.id, b.c.tier, b.c.rank) for b in branches)).subquery("ranked")
    keys = (ranked.c.tier, ranked.c.rank, ranked.c.id)
    distance: Any = literal(None)
    query = (
        select(Offer, *keys)
        .options(*repository.WITHOUT_VECTOR)
        .join(ranked, ranked.c.id == _OFFER.c.id)
    )
    if criteria.near is not None:
        nearby = locations_near(criteria.near).subquery("nearby")
        distance = nearby.c.distance_km
        query = query.outerjoin(nearby, nearby.c.id == _OFFER.c.location_id)
    query = query.add_columns(distance)
    query = query.order_by(*(k.desc() if backward else k for k in keys)).limit(request.size + 1)
    rows = (await session.execute(query)).all()
    hits = [OfferHit(offer=row[0], distance_km=row[4]) for row in rows]
    return Page.from_overfetch(hits, [(row[1], row[2], row[3]) for row in rows], request)


def _decode(request: PageRequest) -> tuple[int, int, UUID] | None:
    if request.cursor is None:
        return None
    tier, rank, offer_id = decode_typed_cursor(
        request.cursor, int, int, UUID, field=request.cursor_field
    )
    if not 0 <= tier < 1000:
        raise InvalidInput("the cursor does not belong to this list", field=request.cursor_field)
    return tier, rank, offer_id
