"""Pages of a search by relevance. The order: the first tier an offer matches
(`text_search.tiers`: title matches of the heaviest reading first), then `search_rank`
(shorter titles first), then id. Tiers are read one after the other, only until the page is
full, each in rank order with a LIMIT, so that a broad tier stops after a page of rows (the
planner walks `ix_offer_search_rank_id`) and a narrow one is read from the GIN index: ranking
never visits every match. An offer matching an earlier tier is skipped in a later one; when
skipping leaves the page short, the tier is read again further (4× the rows each time)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer import repository
from koko_offers.offer.criteria import OfferCriteria, OfferHit, filter_conditions, locations_near
from koko_offers.offer.models import Offer
from koko_offers.offer.text_search import SearchText, Tier, search_rank, tier_of, tiers
from koko_offers.offer.visibility import ReadScope
from koko_shared.errors import InvalidInput
from koko_shared.pagination import Page, PageRequest, decode_typed_cursor

_OFFER = Offer.__table__  # type: ignore[attr-defined]
_Key = tuple[int, int, UUID]


async def relevance_page(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    text: SearchText,
    request: PageRequest,
) -> Page[OfferHit]:
    """One page by relevance; the cursor is (tier, search_rank, id)."""
    conditions = filter_conditions(criteria, scope)
    cursor = _decode(request)
    wanted = request.size + 1
    keys: list[_Key] = []
    ordered = tiers(text)
    if request.backward:
        ordered.reverse()
    best = tier_of(text)
    for tier in ordered:
        if cursor is not None and (
            tier.number > cursor[0] if request.backward else tier.number < cursor[0]
        ):
            continue
        position = cursor[1:] if cursor is not None and tier.number == cursor[0] else None
        keys += await _read_tier(
            session, conditions, tier, best, position, wanted - len(keys), request.backward
        )
        if len(keys) >= wanted:
            break
    offers = await _offers(session, [k[2] for k in keys], conditions, criteria)
    # Each statement sees the rows committed when it starts: an offer unpublished or deleted
    # since its tier was read is left out rather than shown.
    keys = [k for k in keys if k[2] in offers]
    hits = [OfferHit(offer=offers[k[2]][0], distance_km=offers[k[2]][1]) for k in keys]
    return Page.from_overfetch(hits, keys, request)


async def _read_tier(
    session: AsyncSession,
    conditions: list[ColumnElement[bool]],
    tier: Tier,
    best: ColumnElement[int],
    position: tuple[int, UUID] | None,
    wanted: int,
    backward: bool,
) -> list[_Key]:
    """The first `wanted` offers (beyond `position`) whose first tier is `tier`. The tier's
    condition is one GIN match, which the planner estimates well: it walks the rank index for a
    broad tier and reads a narrow one from the GIN index."""
    rank, offer_id = search_rank(), _OFFER.c.id
    query = select(rank, offer_id, best).where(*conditions, tier.condition)
    if position is not None:
        beyond, given = tuple_(rank, offer_id), tuple_(*position)
        query = query.where(beyond < given if backward else beyond > given)
    query = query.order_by(*((rank.desc(), offer_id.desc()) if backward else (rank, offer_id)))
    limit = wanted
    while True:
        rows = (await session.execute(query.limit(limit))).all()
        keys = [(tier.number, r, i) for r, i, first in rows if first == tier.number]
        if len(keys) >= wanted or len(rows) < limit:
            return keys[:wanted]
        limit *= 4


async def _offers(
    session: AsyncSession,
    ids: list[UUID],
    conditions: list[ColumnElement[bool]],
    criteria: OfferCriteria,
) -> dict[UUID, tuple[Offer, float | None]]:
    """The page's rows that still match `conditions`, with their distance to `criteria.near`
    when given."""
    if not ids:
        return {}
    query: Any = select(Offer, literal(None)).options(*repository.WITHOUT_VECTOR)
    if criteria.near is not None:
        nearby = locations_near(criteria.near).subquery("nearby")
        query = select(Offer, nearby.c.distance_km).options(*repository.WITHOUT_VECTOR)
        query = query.outerjoin(nearby, nearby.c.id == _OFFER.c.location_id)
    rows = (await session.execute(query.where(_OFFER.c.id.in_(ids), *conditions))).all()
    return {row[0].id: (row[0], row[1]) for row in rows}


def _decode(request: PageRequest) -> _Key | None:
    if request.cursor is None:
        return None
    tier, rank, offer_id = decode_typed_cursor(
        request.cursor, int, int, UUID, field=request.cursor_field
    )
    if not 0 <= tier < 1000:
        raise InvalidInput("the cursor does not belong to this list", field=request.cursor_field)
    return tier, rank, offer_id
