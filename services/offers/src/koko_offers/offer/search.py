"""The search behind `offers(filter:)`: pages in keyset order and counts of the offers matching
`OfferCriteria`, strict matches first, look-alike titles when nothing matches strictly."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    literal,
    select,
    text,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_run.models import CourseRun
from koko_offers.offer import repository
from koko_offers.offer.criteria import (
    OfferCriteria,
    OfferHit,
    OfferOrder,
    filter_conditions,
    locations_near,
    next_start,
)
from koko_offers.offer.models import Offer
from koko_offers.offer.text_search import (
    Reading,
    may_look_alike,
    plan_for_search,
    search_words,
    text_match,
    title_key,
)
from koko_offers.offer.visibility import ReadScope
from koko_offers.search_synonym import repository as synonym_repository
from koko_offers.taxonomy import repository as taxonomy_repository
from koko_shared.errors import InvalidInput
from koko_shared.pagination import (
    Page,
    PageRequest,
    decode_cursor,
    decode_typed_cursor,
    keyset_page,
)

_OFFER = Offer.__table__  # type: ignore[attr-defined]
# The last element of the cursors of look-alike pages.
_LOOK_ALIKE = "~"
_WITHOUT_VECTOR = repository.WITHOUT_VECTOR


async def search(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    *,
    order: OfferOrder | None,
    request: PageRequest,
) -> Page[OfferHit]:
    """One page of the offers matching `criteria` that `scope` may read, fetched with keyset
    pagination over the sort key of `order`.

    A search matches strictly; only when nothing matches strictly (a typo) does it match
    look-alike titles instead, since similarity costs ~7 µs a row and a broad search would pay
    it on every row. Cursors of look-alike pages carry a marker, so later pages stay in that
    mode."""
    await _require_known_categories(session, criteria.category_codes)
    words = search_words(criteria.search) if criteria.search else []
    order = order or (OfferOrder.RELEVANCE if words else OfferOrder.TITLE)
    if order == OfferOrder.RELEVANCE and not words:
        raise InvalidInput("ordering by relevance needs a search", field="orderBy")
    if order == OfferOrder.DISTANCE and criteria.near is None:
        raise InvalidInput("ordering by distance needs filter.near", field="orderBy")
    readings: list[Reading] = []
    if words:
        await plan_for_search(session)
        readings = await synonym_repository.readings(session, words)
    look_alike = request.cursor is not None and _is_look_alike_cursor(request.cursor)
    page = await _page(session, criteria, scope, words, readings, look_alike, order, request)
    if not page.rows and request.cursor is None and words and may_look_alike(words):
        page = await _page(session, criteria, scope, words, readings, True, order, request)
    return page


async def _require_known_categories(session: AsyncSession, wanted: Sequence[str]) -> None:
    """An unknown category code is a mistake to report, not a filter that matches nothing."""
    if not wanted:
        return
    known = await taxonomy_repository.codes(session)
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise InvalidInput(
            f"unknown category code {', '.join(repr(c[:60]) for c in unknown[:5])}; "
            f"valid codes: {', '.join(known)}",
            field="filter.categories",
        )


async def _page(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    words: Sequence[str],
    readings: Sequence[Reading],
    look_alike: bool,
    order: OfferOrder,
    request: PageRequest,
) -> Page[OfferHit]:
    conditions = filter_conditions(criteria, scope, near_joined=True)
    rank: ColumnElement[float] | None = None
    if words:
        match, rank = text_match(words, look_alike=look_alike, readings=readings)
        conditions.append(match)
    if order == OfferOrder.NEXT_START and criteria.near is None and not request.backward:
        return await _next_start_page(session, criteria, conditions, look_alike, request)
    nearby = (
        # Materialized, so that the planner does not recompute the distance per offer.
        locations_near(criteria.near).cte("nearby").prefix_with("MATERIALIZED")
        if criteria.near
        else None
    )
    distance = nearby.c.distance_km if nearby is not None else None
    keys, descending = _sort_key(order, rank, distance, criteria.today)
    if look_alike:
        keys, descending = [*keys, literal(_LOOK_ALIKE)], [*descending, descending[0]]
    if nearby is not None:
        # Two steps: the page's ids from the offers at a location within the circle (the join
        # is the filter; ix_offer_location_covering answers status and course type without
        # reading the offers), then the rows of those ids only.
        labelled = [k.label(f"page_key_{i}") for i, k in enumerate(keys)]
        assert distance is not None
        page = select(
            _OFFER.c.id.label("page_id"), distance.label("page_distance"), *labelled
        ).join(nearby, nearby.c.id == _OFFER.c.location_id)
        page = _keyset_page(page.where(*conditions), order, keys, descending, request)
        ids = page.subquery("page")
        page_keys = [ids.c[f"page_key_{i}"] for i in range(len(keys))]
        # In the order the page was fetched in (reversed when paging backwards).
        directions = [d != request.backward for d in descending]
        query = (
            select(Offer, ids.c.page_distance, *page_keys)
            .options(_WITHOUT_VECTOR)
            .join(ids, ids.c.page_id == _OFFER.c.id)
            .order_by(
                *(k.desc() if d else k.asc() for k, d in zip(page_keys, directions, strict=True))
            )
        )
    else:
        query = select(Offer, literal(None), *keys).options(_WITHOUT_VECTOR).where(*conditions)
        query = _keyset_page(query, order, keys, descending, request)
    rows = (await session.execute(query)).all()
    hits = [OfferHit(offer=row[0], distance_km=row[1]) for row in rows]
    return Page.from_overfetch(hits, [tuple(row[2:]) for row in rows], request)


async def _next_start_page(
    session: AsyncSession,
    criteria: OfferCriteria,
    conditions: list[ColumnElement[bool]],
    look_alike: bool,
    request: PageRequest,
) -> Page[OfferHit]:
    """Offers by next start (forwards), driven by the runs: the upcoming runs in start order
    (ix_course_run_start_offer), each kept when it is its offer's first upcoming run and the offer
    matches, so that a broad filter stops after a page of runs instead of computing the next
    start of every matching offer and sorting them (200-300 ms at 100,000 offers). The planner
    still starts from the offers when the filter is narrow. Offers without an upcoming run follow,
    by id, with the sort key of `_sort_key` (the far future). Backwards, the pages come from
    that sort key directly (same order and cursors)."""
    first, after = request.size, request.cursor
    today = criteria.today
    run = CourseRun.__table__.alias("next_run")  # type: ignore[attr-defined]
    earlier = CourseRun.__table__.alias("earlier_run")  # type: ignore[attr-defined]
    upcoming = and_(run.c.start_date >= today, run.c.status != "cancelled")
    first_of_offer = ~exists().where(
        earlier.c.offer_id == run.c.offer_id,
        earlier.c.start_date >= today,
        earlier.c.status != "cancelled",
        tuple_(earlier.c.start_date, earlier.c.id) < tuple_(run.c.start_date, run.c.id),
    )
    marker = [literal(_LOOK_ALIKE)] if look_alike else []
    values: list[Any] = []
    if after is not None:
        types: list[Any] = [date.fromisoformat, UUID, str]
        values = list(decode_typed_cursor(after, *types[: 2 + len(marker)]))
    rows: list[Any] = []
    if not values or values[0] < _FAR_FUTURE:
        query = (
            select(Offer, literal(None), run.c.start_date, _OFFER.c.id, *marker)
            .options(_WITHOUT_VECTOR)
            .join(run, run.c.offer_id == _OFFER.c.id)
            .where(*conditions, upcoming, first_of_offer)
        )
        if values:
            query = query.where(tuple_(run.c.start_date, run.c.offer_id) > tuple_(*values[:2]))
        query = query.order_by(run.c.start_date, run.c.offer_id).limit(first + 1)
        rows = list((await session.execute(query)).all())
    if len(rows) <= first:
        has_upcoming = exists().where(
            run.c.offer_id == _OFFER.c.id, run.c.start_date >= today, run.c.status != "cancelled"
        )
        tail = (
            select(Offer, literal(None), literal(_FAR_FUTURE), _OFFER.c.id, *marker)
            .options(_WITHOUT_VECTOR)
            .where(*conditions, ~has_upcoming)
        )
        if values and values[0] >= _FAR_FUTURE:
            tail = tail.where(_OFFER.c.id > values[1])
        tail = tail.order_by(_OFFER.c.id).limit(first + 1 - len(rows))
        rows.extend((await session.execute(tail)).all())
    hits = [OfferHit(offer=row[0], distance_km=row[1]) for row in rows]
    return Page.from_overfetch(hits, [tuple(row[2:]) for row in rows], request)


def _keyset_page(
    query: Select[Any],
    order: OfferOrder,
    keys: Sequence[ColumnElement[Any]],
    descending: Sequence[bool],
    request: PageRequest,
) -> Select[Any]:
    """`query` beyond the cursor, in the order of `keys` (reversed backwards), one row more
    than a page."""
    values = request.decode(*[_CURSOR_TYPES[order], UUID, str][: len(keys)])
    return typing.cast(Select[Any], keyset_page(query, keys, descending, request, values))


def _is_look_alike_cursor(after: str) -> bool:
    try:
        return decode_cursor(after, arity=3)[2] == _LOOK_ALIKE
    except InvalidInput:
        return False


async def count(
    session: AsyncSession, criteria: OfferCriteria, scope: ReadScope, *, up_to: int | None = None
) -> int:
    """How many offers `search` pages through: strict matches, else look-alikes. With `up_to`,
    counting stops at that many (the result is then `up_to`): an exact count visits every match,
    which for a word in a third of the catalogue costs 100+ ms."""
    words = search_words(criteria.search) if criteria.search else []
    readings: list[Reading] = []
    if words:
        await plan_for_search(session)
        readings = await synonym_repository.readings(session, words)
    total = await _count(session, criteria, scope, words, readings, look_alike=False, up_to=up_to)
    if total == 0 and words and may_look_alike(words):
        total = await _count(session, criteria, scope, words, (), look_alike=True, up_to=up_to)
    return total


async def _count(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    words: Sequence[str],
    readings: Sequence[Reading],
    *,
    look_alike: bool,
    up_to: int | None = None,
) -> int:
    conditions = filter_conditions(criteria, scope)
    if words:
        conditions.append(text_match(words, look_alike=look_alike, readings=readings)[0])
    if up_to is None:
        query = select(func.count()).select_from(Offer).where(*conditions)
        return int((await session.execute(query)).scalar_one())
    matches = select(literal(1)).select_from(Offer).where(*conditions).limit(up_to)
    query = select(func.count()).select_from(matches.subquery("matches"))
    if not words:
        return int((await session.execute(query)).scalar_one())
    # With a LIMIT the planner likes a sequential scan that hopes to meet `up_to` matches early;
    # it overestimates text matches and underestimates the match test, so that a word in 5% of
    # the catalogue took 22 ms instead of 5 ms through its indexes (measured). Searches are
    # counted through their indexes, which stop after `up_to` rows too.
    await session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        return int((await session.execute(query)).scalar_one())
    finally:
        await session.execute(text("SET LOCAL enable_seqscan = on"))


_FAR_FUTURE = date(9999, 12, 31)


def _sort_key(
    order: OfferOrder,
    rank: ColumnElement[float] | None,
    distance: ColumnElement[float] | None,
    today: date,
) -> tuple[list[ColumnElement[Any]], list[bool]]:
    offer_id = _OFFER.c.id
    # The id breaks ties in the direction of the sort key, so that the keyset condition is one
    # row comparison that the (key, id) indexes serve.
    if order == OfferOrder.RELEVANCE and rank is not None:
        return [rank, offer_id], [True, True]
    if order == OfferOrder.DISTANCE and distance is not None:
        return [distance, offer_id], [False, False]
    if order == OfferOrder.UPDATED_AT:
        return [_OFFER.c.updated_at, offer_id], [True, True]
    if order == OfferOrder.NEXT_START:
        return [func.coalesce(next_start(today), _FAR_FUTURE), offer_id], [False, False]
    return [title_key(), offer_id], [False, False]


_CURSOR_TYPES: dict[OfferOrder, Any] = {
    OfferOrder.RELEVANCE: float,
    OfferOrder.DISTANCE: float,
    OfferOrder.UPDATED_AT: datetime.fromisoformat,
    OfferOrder.NEXT_START: date.fromisoformat,
    OfferOrder.TITLE: str,
}
