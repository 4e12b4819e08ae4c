"""The pages behind `offers(filter:)` in keyset order: by relevance (`offer.ranking`), title,
last update, next start or distance."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    exists,
    func,
    literal,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_run.models import CourseRun
from koko_offers.location.models import Location
from koko_offers.offer import repository, text_search
from koko_offers.offer.criteria import (
    GeoCircle,
    OfferCriteria,
    OfferHit,
    OfferOrder,
    filter_conditions,
    locations_near,
    next_start,
    within_circle,
)
from koko_offers.offer.models import Offer
from koko_offers.offer.ranking import relevance_page
from koko_offers.offer.records import OFFER_COLUMNS, OfferRecord, Relation
from koko_offers.offer.related import read_related, related_columns
from koko_offers.offer.search_statements import keyset_template
from koko_offers.offer.statement_cache import driver_statement
from koko_offers.offer.text_search import SearchText
from koko_offers.offer.visibility import ReadScope
from koko_offers.taxonomy import repository as taxonomy_repository
from koko_shared.errors import InvalidInput
from koko_shared.pagination import (
    Page,
    PageRequest,
    decode_typed_cursor,
    keyset_page,
)

_OFFER = Offer.__table__  # type: ignore[attr-defined]
_LOCATION = Location.__table__  # type: ignore[attr-defined]
_WITHOUT_VECTOR = repository.WITHOUT_VECTOR
_WIDTH = len(OFFER_COLUMNS)
_OFFER_COLUMN_AT = {column.name: at for at, column in enumerate(OFFER_COLUMNS)}
# Every ordering of a keyset page sorts by two columns (`_sort_key`): a key and the id.
_SORT_KEY_WIDTH = 2


async def search(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    *,
    order: OfferOrder | None,
    request: PageRequest,
    text: SearchText | None,
    wanted: frozenset[Relation] = frozenset(),
) -> Page[OfferHit]:
    """One page of the offers matching `criteria` that `scope` may read, fetched with keyset
    pagination over the sort key of `order`. `text` is the search of `criteria.search` as
    `offer.search_text.prepare_search` prepared it (None: no search). The `wanted` relations of
    each offer come with its row on keyset pages and pages by relevance without a circle
    (`OfferHit.related`; left None on the other pages)."""
    await _require_known_categories(session, criteria.category_codes)
    order = order or (OfferOrder.RELEVANCE if text else OfferOrder.TITLE)
    if order == OfferOrder.RELEVANCE and not text:
        raise InvalidInput("ordering by relevance needs a search", field="orderBy")
    if order == OfferOrder.DISTANCE and criteria.near is None:
        raise InvalidInput("ordering by distance needs filter.near", field="orderBy")
    if order == OfferOrder.RELEVANCE and text is not None:
        return await relevance_page(session, criteria, scope, text, request, wanted)
    return await _page(session, criteria, scope, text, order, request, wanted)


async def _require_known_categories(session: AsyncSession, wanted: Sequence[str]) -> None:
    """An unknown category code is a mistake to report, not a filter that matches nothing."""
    if not wanted:
        return
    known = await taxonomy_repository.codes(session)
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise InvalidInput(
            "unknown category code {codes}; valid codes: {known}",
            field="filter.categories",
            params={
                "codes": ", ".join(repr(c[:60]) for c in unknown[:5]),
                "known": ", ".join(known),
            },
        )


async def _page(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    text: SearchText | None,
    order: OfferOrder,
    request: PageRequest,
    wanted: frozenset[Relation],
) -> Page[OfferHit]:
    if order == OfferOrder.NEXT_START and criteria.near is None and not request.backward:
        conditions = _conditions(criteria, scope, text)
        return await _next_start_page(session, criteria, conditions, request)
    if order == OfferOrder.DISTANCE and criteria.near is not None:
        conditions = _conditions(criteria, scope, text)
        query = _distance_page(criteria.near, conditions, request)
        # The planner expects a handful of locations in any circle (a fixed guess for `@>`), so
        # sorting them looks free; it would read every location and offer in the circle (19,000
        # offers within 5 km of Magdeburg's centre: 70 ms) instead of walking the nearest first
        # (0.3 ms, measured). Sorting is off for this statement only.
        await session.execute(_SORTS_OFF)
        rows = (await session.execute(query)).all()
        await session.execute(_SORTS_ON)
        hits = [OfferHit(offer=row[0], distance_km=row[1]) for row in rows]
        return Page.from_overfetch(hits, [tuple(row[2:]) for row in rows], request)
    values = request.decode(_CURSOR_TYPES[order], UUID)
    cached = keyset_template(
        session, criteria, scope, text, order, request, values, wanted, _keyset_select
    )
    keyset_rows: Sequence[Sequence[Any]]
    if cached is None:
        query = _keyset_select(criteria, scope, order, request, values, wanted, text)
        keyset_rows = (await session.execute(query)).all()
    else:
        template, slots = cached
        driver = driver_statement(template, session.get_bind().dialect)
        if driver is None:
            keyset_rows = (
                await session.execute(template.statement, template.parameters(slots))
            ).all()
        else:
            keyset_rows = await driver.rows(session, template.parameters(slots))
    # Each row: the offer's columns (`OFFER_COLUMNS`), the distance, the sort key, the wanted
    # relations (`related_columns`).
    keys_end = _WIDTH + 1 + _SORT_KEY_WIDTH
    hits = [
        OfferHit(
            offer=OfferRecord(*row[:_WIDTH]),
            distance_km=row[_WIDTH],
            related=read_related(row, keys_end, wanted) if wanted else None,
        )
        for row in keyset_rows
    ]
    return Page.from_overfetch(
        hits, [tuple(row[_WIDTH + 1 : keys_end]) for row in keyset_rows], request
    )


def _conditions(
    criteria: OfferCriteria, scope: ReadScope, text: SearchText | None
) -> list[ColumnElement[bool]]:
    conditions = filter_conditions(criteria, scope, near_joined=True)
    if text is not None:
        conditions.append(text_search.match(text))
    return conditions


def _keyset_select(
    criteria: OfferCriteria,
    scope: ReadScope,
    order: OfferOrder,
    request: PageRequest,
    values: Sequence[Any] | None,
    wanted: frozenset[Relation],
    text: SearchText | None = None,
) -> Select[Any]:
    """A page in the order of `_sort_key` beyond the cursor's sort key `values`, with the
    `wanted` relations of each offer (`with_related`)."""
    conditions = _conditions(criteria, scope, text)
    # Materialized, so that the planner does not recompute the distance per offer.
    nearby = (
        locations_near(criteria.near).cte("nearby").prefix_with("MATERIALIZED")
        if criteria.near
        else None
    )
    keys, descending = _sort_key(order, criteria.today)
    distance = nearby.c.distance_km if nearby is not None else literal(None)
    query = select(*OFFER_COLUMNS, distance, *keys)
    if nearby is not None:
        query = query.join(nearby, nearby.c.id == _OFFER.c.location_id)
    query = query.where(*conditions)
    page = typing.cast(Select[Any], keyset_page(query, keys, descending, request, values))
    if not wanted:
        return page
    directions = [d != request.backward for d in descending]  # as `keyset_page` orders
    return _with_related(page, directions, wanted, criteria.today)


def _with_related(
    page: Select[Any], descending: Sequence[bool], wanted: frozenset[Relation], today: date
) -> Select[Any]:
    """The rows of the keyset `page` (offer columns, distance, sort key, in `descending`
    directions) with the `wanted` relations of each offer: one statement, so one round trip and
    one snapshot for the page and what it shows. The page is a subquery with its own LIMIT,
    which the planner keeps as it is (a LIMIT is never pulled up); its rows are put back in its
    order, which a join does not keep."""
    inner = page.subquery("page")
    columns = list(inner.c)
    offer_id, provider_id, location_id = (
        columns[_OFFER_COLUMN_AT[name]] for name in ("id", "provider_id", "location_id")
    )
    keys = columns[_WIDTH + 1 :]
    relations = related_columns(offer_id, provider_id, location_id, wanted, today)
    query = select(*columns, *relations).select_from(inner)
    return query.order_by(
        *(k.desc() if d else k.asc() for k, d in zip(keys, descending, strict=True))
    )


async def _next_start_page(
    session: AsyncSession,
    criteria: OfferCriteria,
    conditions: list[ColumnElement[bool]],
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
    values: list[Any] = []
    if after is not None:
        values = list(decode_typed_cursor(after, date.fromisoformat, UUID))
    rows: list[Any] = []
    if not values or values[0] < _FAR_FUTURE:
        query = (
            select(Offer, literal(None), run.c.start_date, _OFFER.c.id)
            .options(*_WITHOUT_VECTOR)
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
            select(Offer, literal(None), literal(_FAR_FUTURE), _OFFER.c.id)
            .options(*_WITHOUT_VECTOR)
            .where(*conditions, ~has_upcoming)
        )
        if values and values[0] >= _FAR_FUTURE:
            tail = tail.where(_OFFER.c.id > values[1])
        tail = tail.order_by(_OFFER.c.id).limit(first + 1 - len(rows))
        rows.extend((await session.execute(tail)).all())
    hits = [OfferHit(offer=row[0], distance_km=row[1]) for row in rows]
    return Page.from_overfetch(hits, [tuple(row[2:]) for row in rows], request)


def _distance_page(
    near: GeoCircle, conditions: list[ColumnElement[bool]], request: PageRequest
) -> Select[Any]:
    """Offers nearest first: the locations in the circle are walked in distance order through
    the GiST index (`ix_location_earth`, a nearest-neighbour scan by `<->`, the straight-line
    distance through the earth, which orders like the distance along its surface), each with
    its matching offers (`ix_offer_location_covering`: status and course type without reading
    offers), until a page is full; only the page's rows are read whole. The sort key is the
    straight-line distance (metres) and the id."""
    centre = func.ll_to_earth(near.lat, near.lon)
    earth: ColumnElement[Any] = literal_column("location.earth")
    chord = earth.op("<->", return_type=Float)(centre)
    keys: list[ColumnElement[Any]] = [chord, _OFFER.c.id]
    page = (
        select(
            _OFFER.c.id.label("page_id"),
            (func.earth_distance(centre, earth) / 1000.0).label("page_distance"),
            chord.label("page_key_0"),
            _OFFER.c.id.label("page_key_1"),
        )
        .join(_LOCATION, _LOCATION.c.id == _OFFER.c.location_id)
        .where(*conditions, *within_circle(near, centre, earth))
    )
    ids = _keyset_page(page, OfferOrder.DISTANCE, keys, [False, False], request).subquery("page")
    # In the order the page was fetched in (reversed when paging backwards).
    page_keys = [ids.c.page_key_0, ids.c.page_key_1]
    return (
        select(Offer, ids.c.page_distance, *page_keys)
        .options(*_WITHOUT_VECTOR)
        .join(ids, ids.c.page_id == _OFFER.c.id)
        .order_by(*(k.desc() if request.backward else k.asc() for k in page_keys))
    )


def _keyset_page(
    query: Select[Any],
    order: OfferOrder,
    keys: Sequence[ColumnElement[Any]],
    descending: Sequence[bool],
    request: PageRequest,
) -> Select[Any]:
    """`query` beyond the cursor, in the order of `keys` (reversed backwards), one row more
    than a page."""
    values = request.decode(_CURSOR_TYPES[order], UUID)
    return typing.cast(Select[Any], keyset_page(query, keys, descending, request, values))


_FAR_FUTURE = date(9999, 12, 31)
_SORTS_OFF = select(func.set_config("enable_sort", "off", True))
_SORTS_ON = select(func.set_config("enable_sort", "on", True))


def _sort_key(order: OfferOrder, today: date) -> tuple[list[ColumnElement[Any]], list[bool]]:
    offer_id = _OFFER.c.id
    # The id breaks ties in the direction of the sort key, so that the keyset condition is one
    # row comparison that the (key, id) indexes serve.
    if order == OfferOrder.UPDATED_AT:
        return [_OFFER.c.updated_at, offer_id], [True, True]
    if order == OfferOrder.NEXT_START:
        return [func.coalesce(next_start(today), _FAR_FUTURE), offer_id], [False, False]
    return [_OFFER.c.title_key, offer_id], [False, False]


_CURSOR_TYPES: dict[OfferOrder, Any] = {
    OfferOrder.DISTANCE: float,
    OfferOrder.UPDATED_AT: datetime.fromisoformat,
    OfferOrder.NEXT_START: date.fromisoformat,
    OfferOrder.TITLE: str,
}
