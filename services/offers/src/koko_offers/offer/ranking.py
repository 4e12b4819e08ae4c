"""Pages of a search by relevance. The order: the first tier an offer matches
(`text_search.tiers`: title matches of the heaviest reading first), then `search_rank`
(shorter titles first), then id. Tiers are read one after the other, only until the page is
full, each in rank order with a LIMIT, so that a broad tier stops after a page of rows (the
planner walks `ix_offer_search_rank_id`) and a narrow one is read from the GIN index: ranking
never visits every match. An offer matching an earlier tier is skipped in a later one; when
skipping leaves the page short, the tier is read again further (4× the rows each time)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer import repository
from koko_offers.offer.criteria import OfferCriteria, OfferHit, filter_conditions, locations_near
from koko_offers.offer.models import Offer
from koko_offers.offer.records import OFFER_COLUMNS, OfferRecord, Relation
from koko_offers.offer.related import read_related
from koko_offers.offer.search_plans import SEARCH_PLANS
from koko_offers.offer.text_search import SearchText
from koko_offers.offer.tier_statements import Key, Kind, TierSearch, TierStatement, walk_end
from koko_offers.offer.visibility import ReadScope
from koko_shared.errors import InvalidInput
from koko_shared.pagination import Page, PageRequest, decode_typed_cursor

_OFFER = Offer.__table__  # type: ignore[attr-defined]
_Key = tuple[int, int, UUID]
# A walk in rank order reads at most this many offers before the rest of a tier is read from
# the GIN index (docs/offers-search.md "Bounded walks").
WALK_ROWS = 2000
# A walk that found matches but too few goes on for this many times WALK_ROWS more offers when
# their density promises the rest.
EXTENDED_WALK = 4
# Beyond a walk, a tier's matches are read band by band of the rank order, each this many times
# as many offers as the one before (`_beyond_walk`).
BAND_GROWTH = 8
# After a walk without a match, a tier the planner expects to hold at most this many matches
# (its GIN bitmap's rows) is read whole at once, not band by band (`_beyond_walk`).
NARROW_TIER = 40_000
RANK_INDEX = "ix_offer_search_rank_id"
_WIDTH = len(OFFER_COLUMNS)
TEXT_INDEXES = ("ix_offer_title_vector", "ix_offer_search_vector")


async def relevance_page(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    text: SearchText,
    request: PageRequest,
    wanted: frozenset[Relation] = frozenset(),
) -> Page[OfferHit]:
    """One page by relevance; the cursor is (tier, search_rank, id). The tiers' statements are
    built once per shape (`offer.tier_statements`). The `wanted` relations of the page's offers
    come with their rows (`OfferHit.related`), except on pages within a circle."""
    cursor = _decode(request)
    needed = request.size + 1
    keys: list[_Key] = []
    search = TierSearch.of(criteria, scope, text, request.backward)
    numbers = list(range(2 * len(text.tiers)))  # per weight: title, then anywhere
    if request.backward:
        numbers.reverse()
    for number in numbers:
        if cursor is not None and (number > cursor[0] if request.backward else number < cursor[0]):
            continue
        position = cursor[1:] if cursor is not None and number == cursor[0] else None
        keys += await _read_tier(session, search, number, position, needed - len(keys))
        if len(keys) >= needed:
            break
    offers = await _offers(session, search, [k[2] for k in keys], criteria, scope, wanted)
    # Each statement sees the rows committed when it starts: an offer unpublished or deleted
    # since its tier was read is left out rather than shown.
    keys = [k for k in keys if k[2] in offers]
    hits = [offers[k[2]] for k in keys]
    return Page.from_overfetch(hits, keys, request)


async def _read_tier(
    session: AsyncSession,
    search: TierSearch,
    number: int,
    position: Key | None,
    wanted: int,
) -> list[_Key]:
    """The first `wanted` offers (beyond `position`) whose first tier is `number`. The tier's
    condition is one GIN match: the planner walks the rank index for a tier it expects to be
    broad and reads a narrow one from the GIN index. Its guess can be far off (a word no German
    title contains, at 1,000,000 offers: 30 s of walking), so a walk is bounded: the statement
    only reads the next WALK_ROWS offers in rank order; when they hold too few matches, the rest
    of the tier is read from the GIN index, sorted (`_beyond_walk`)."""
    limit = wanted
    while True:
        rows = await _matches(session, search, number, limit, position)
        keys = [(number, r, i) for r, i, first in rows if first == number]
        if len(keys) >= wanted or len(rows) < limit:
            return keys[:wanted]
        limit *= 4


async def _matches(
    session: AsyncSession,
    search: TierSearch,
    number: int,
    limit: int,
    position: Key | None,
) -> list[Any]:
    """The first `limit` rows of tier `number` in rank order, as planned. When the plan walks
    the rank index, the walk stops WALK_ROWS offers beyond `position` and what it did not find
    comes from the GIN index (`_beyond_walk`); a plan reading the GIN index reads only matches
    and runs as it is (asking the planner costs a planning, no execution)."""
    backward = search.backward
    ordered = search.statement(session, Kind.PAGE, number, position=position, limit=limit)
    if not _uses_index(await _planned(session, ordered, "search"), RANK_INDEX):
        return await ordered.rows(session)
    end = await _walk_end(session, position, backward)
    if end is None:
        return await ordered.rows(session)
    walk = search.statement(session, Kind.PAGE, number, position=position, stop=end, limit=limit)
    async with _walking(session):
        rows = await walk.rows(session)
    missing, extended = limit - len(rows), WALK_ROWS * EXTENDED_WALK
    if missing > 0 and rows and missing * WALK_ROWS <= len(rows) * extended // 2:
        # The walk found matches, at a density that fills the page within the next
        # `extended` offers (with room to spare): walk on that far first. Reading the
        # tier's matches beyond from the GIN index reads every one of them (a typo's correction
        # within Magdeburg: 5,602 title matches, 1,672 in the region, for 5 rows; measured).
        start, end = end, await _walk_end(session, end, backward, extended)
        further = search.statement(
            session, Kind.PAGE, number, position=position, start=start, stop=end, limit=missing
        )
        async with _walking(session):
            rows += await further.rows(session)
        if end is None:
            return rows
    if len(rows) < limit:
        rows += await _beyond_walk(
            session, search, number, position, end, limit - len(rows), walked_empty=not rows
        )
    return rows


async def _planned(
    session: AsyncSession, statement: TierStatement, settings: str
) -> Mapping[str, Any]:
    """The plan of `statement` (`_plan`), asked once for as long as the planner's inputs stay
    the same (`offer.search_plans`); `settings` names the plan settings in force."""
    driver = statement.driver
    sql = driver.text(statement.parameters) if driver is not None else None
    if driver is None or sql is None:
        return await _plan(session, statement)
    values = driver.values(statement.parameters)
    return await SEARCH_PLANS.plan(
        session, sql, values, settings, lambda: _plan(session, statement)
    )


async def _plan(session: AsyncSession, statement: TierStatement) -> dict[str, Any]:
    """The plan the planner makes for `statement` with the request's values (EXPLAIN, not
    executed): the cached statement's SQL text, or the statement built for the request,
    compiled."""
    plan: Any = None
    if statement.driver is not None:
        plan = await statement.driver.explain(session, statement.parameters)
    if plan is None:
        query = statement.build()
        connection = await session.connection()
        compiled = query.compile(
            dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        parameters = tuple(compiled.params[name] for name in compiled.positiontup or ())
        plan = (
            await connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", parameters)
        ).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return dict(plan[0]["Plan"])


def _reads_text_index(node: Mapping[str, Any]) -> bool:
    """Whether the plan reads a bitmap of a GIN text index."""
    return _scans(node, ("Bitmap Index Scan",), TEXT_INDEXES)


def _uses_index(node: Mapping[str, Any], index: str) -> bool:
    """Whether the plan walks `index` (an index or index-only scan)."""
    return _scans(node, ("Index Scan", "Index Only Scan"), (index,))


def _scans(node: Mapping[str, Any], kinds: tuple[str, ...], indexes: tuple[str, ...]) -> bool:
    """Whether a node of the plan is a scan of one of `kinds` on one of `indexes`."""
    if node.get("Node Type") in kinds and node.get("Index Name") in indexes:
        return True
    return any(_scans(child, kinds, indexes) for child in node.get("Plans", ()))


async def _walk_end(
    session: AsyncSession,
    position: tuple[int, UUID] | None,
    backward: bool,
    rows: int | None = None,
) -> tuple[int, UUID] | None:
    """The key `rows` (WALK_ROWS when None) offers beyond `position` in rank order
    (index-only), None when fewer are left: a walk up to it reads at most that many rows. Kept
    while the planner's inputs stay the same (`offer.search_plans`): it only splits the rank
    order between a walk and what is read after it."""
    length = rows or WALK_ROWS

    async def find() -> tuple[int, UUID] | None:
        found = await walk_end(session, position, backward, length - 1).rows(session)
        return None if not found else (found[0][0], found[0][1])

    return await SEARCH_PLANS.walk_end(session, (position, backward, length), find)


async def _beyond_walk(
    session: AsyncSession,
    search: TierSearch,
    number: int,
    position: Key | None,
    end: Key,
    limit: int,
    *,
    walked_empty: bool = False,
) -> list[Any]:
    """The tier's matches beyond the walked rows, `limit` of them in rank order, read band by
    band of the rank order, so that the table is read for the matches of the bands holding the
    page, not for every match of the tier (the Integrationskurs tier of "Deutschkurs" at
    1,000,000 offers: 56,512 matches, none among the first 2,000 offers in rank order; reading
    them all took 767 of 838 ms).

    A band is the next BAND_GROWTH times as many offers in rank order as the one before (the
    first: BAND_GROWTH x WALK_ROWS; its end from an index-only scan, as a walk's). Its matches:
    the row addresses of the offers the GIN index finds for the tier's condition whose rank
    lies within the band's rank values (the planner ANDs the GIN bitmap with a bitmap of the
    rank index), then the tier's statement on those rows alone (a TID scan), within the band's
    keys (`tier_statements.Kind.BAND`). Plain index and table scans are off for it
    (`_bitmaps_only`); when the planner would still read the band without the GIN index, or a
    band holds no match, the rest of the tier is read as before (`_rest_of_tier`).

    So is a tier that the walk found no match of (`walked_empty`) and that the planner expects
    to be narrow: at most NARROW_TIER rows in the GIN bitmap of the first band's plan. Its
    matches lie beyond the walk, and the first band would build the GIN bitmap only to find no
    match, then the rest build it again: "Sprachkurs Frauen" in Magdeburg at 1,000,000 offers
    (6,930 matches of `integrationskurs:* & frauen:*`, planned ~25,000; the bitmap 40-50 ms each
    time) read its first band for 43 ms and found none. Deutschkurs's Integrationskurs tier
    (56,512 matches, planned ~108,000) is read band by band, its first band holding the page."""
    backward = search.backward
    rows: list[Any] = []
    start: Key | None = end
    size = WALK_ROWS
    while start is not None and len(rows) < limit:
        band = search.statement(session, Kind.BAND, number, position=position, start=start)
        async with _bitmaps_only(session):
            # On a small table the planner may read a band from the rank index alone and test
            # every offer of it: then the rest of the tier comes from the GIN index. Asked
            # before the band's end is looked up (an index-only scan of its offers).
            plan = await _planned(session, band, "bitmaps only")
            narrow = walked_empty and not rows and _text_matches(plan) <= NARROW_TIER
            if narrow or not _reads_text_index(plan):
                return rows + await _rest_of_tier(
                    session, search, number, position, start, limit - len(rows)
                )
        size *= BAND_GROWTH
        stop = await _walk_end(session, start, backward, size)
        statement = search.statement(
            session,
            Kind.BAND,
            number,
            position=position,
            start=start,
            stop=stop,
            limit=limit - len(rows),
        )
        async with _bitmaps_only(session):
            if not _reads_text_index(await _planned(session, statement, "bitmaps only")):
                return rows + await _rest_of_tier(
                    session, search, number, position, start, limit - len(rows)
                )
            found = await statement.rows(session)
            rows += found
            if not found and stop is not None and len(rows) < limit:
                # A band without a match: the tier is sparse here (a word no German title
                # contains: "курс" at 1,000,000 offers, 97 ms this way, 540 ms banding on);
                # the rest of it from the GIN index.
                return rows + await _rest_of_tier(
                    session, search, number, position, stop, limit - len(rows)
                )
        start = stop
    return rows


async def _rest_of_tier(
    session: AsyncSession,
    search: TierSearch,
    number: int,
    position: Key | None,
    end: Key,
    limit: int,
) -> list[Any]:
    """The tier's matches beyond `end`, `limit` of them in rank order, from every match of the
    tier the GIN index finds, sorted (within `_bitmaps_only`), in one heap pass. "Sprachkurs
    Frauen" in Magdeburg at 1,000,000 offers read the heap twice before: the tier's 6,930
    matches materialized, then again ANDed with the region's bitmap (111 + 97 ms).

    The statement is planned first (one planning): as planned (`tier_statements.Kind.REST`)
    when the plan reads the GIN bitmap alone or ANDed with a filter's narrower one (a postcode's
    few offers spare fetching a broad tier's rows); the filters tested on the GIN bitmap's rows
    (`Kind.REST_GIN_ONLY`) when the plan ANDs a filter's bitmap wider than the GIN's: the
    planner overestimates a GIN match (24,688 rows for those 6,930) and builds the region's
    302,125 entries (40 ms) to fetch 2,138 rows instead of 6,930 (the 4,792 more fetched and
    tested cost ~10 ms: 45 ms in all against 81, EXPLAIN ANALYZE); and, when the plan reads no
    GIN index (a tier the planner expects to be broad, on a small table: every published offer
    tested), the tier's matches materialized first, so that they can only come from the GIN
    index (`Kind.REST_MATERIALIZED`)."""
    keys: dict[str, Any] = {"position": position, "start": end, "limit": limit}
    statement = search.statement(session, Kind.REST, number, **keys)
    plan = await _planned(session, statement, "bitmaps only")
    if not _reads_text_index(plan):
        statement = search.statement(session, Kind.REST_MATERIALIZED, number, **keys)
    elif _ands_a_wider_bitmap(plan):
        statement = search.statement(session, Kind.REST_GIN_ONLY, number, **keys)
    return await statement.rows(session)


def _text_matches(node: Mapping[str, Any]) -> int:
    """How many offers the plan's bitmaps of a GIN text index hold, as the planner estimates
    them: the tier's matches, before any filter."""
    own = 0
    if node.get("Node Type") == "Bitmap Index Scan" and node.get("Index Name") in TEXT_INDEXES:
        own = int(node["Plan Rows"])
    return own + sum(_text_matches(child) for child in node.get("Plans", ()))


def _ands_a_wider_bitmap(node: Mapping[str, Any]) -> bool:
    """Whether the plan ANDs a GIN text index's bitmap with another index's bitmap of more rows
    (as the planner estimates both)."""
    if node.get("Node Type") == "BitmapAnd":
        children = node.get("Plans", ())
        text_rows = [c["Plan Rows"] for c in children if c.get("Index Name") in TEXT_INDEXES]
        other_rows = [c["Plan Rows"] for c in children if c.get("Index Name") not in TEXT_INDEXES]
        if text_rows and other_rows and max(other_rows) > min(text_rows):
            return True
    return any(_ands_a_wider_bitmap(child) for child in node.get("Plans", ()))


@asynccontextmanager
async def _walking(session: AsyncSession) -> AsyncIterator[None]:
    """Bitmap scans off for the statements within, then put back: a walk up to a key reads the
    offers of the rank index's range in order and tests each (at most WALK_ROWS, or the extended
    walk's), instead of building the tier's whole GIN bitmap to AND it with the range. With a
    region the planner chose the AND: "Sprachkurs Frauen" in Magdeburg at 1,000,000 offers, a
    walk of 2,000 offers took 51.6 ms that way (the GIN bitmap of `integrationskurs:* &
    frauen:*`), 2.9 ms walked (medians of 8, EXPLAIN ANALYZE at load 6)."""
    before = (
        await session.execute(
            text(
                "SELECT current_setting('enable_bitmapscan'), "
                "set_config('enable_bitmapscan', 'off', true)"
            )
        )
    ).one()[0]
    try:
        yield
    finally:
        await session.execute(
            text("SELECT set_config('enable_bitmapscan', :b, true)"), {"b": before}
        )


@asynccontextmanager
async def _bitmaps_only(session: AsyncSession) -> AsyncIterator[None]:
    """Plain index and table scans off for the statements within, then put back: a tier's
    matches can only come from bitmaps (the GIN index, ANDed with a band of the rank index or a
    filter's index), never from walking the rank index or reading the table; and memory for
    bitmaps of wide bands to stay exact (a lossy page is fetched and each of its rows tested)."""
    settings = (
        await session.execute(
            text(
                "SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan'), "
                "current_setting('work_mem'), "
                "set_config('enable_indexscan', 'off', true), "
                "set_config('enable_seqscan', 'off', true), "
                "set_config('work_mem', '64MB', true)"
            )
        )
    ).one()
    try:
        yield
    finally:
        await session.execute(
            text(
                "SELECT set_config('enable_indexscan', :i, true), "
                "set_config('enable_seqscan', :s, true), set_config('work_mem', :w, true)"
            ),
            {"i": settings[0], "s": settings[1], "w": settings[2]},
        )


async def _offers(
    session: AsyncSession,
    search: TierSearch,
    ids: list[UUID],
    criteria: OfferCriteria,
    scope: ReadScope,
    wanted: frozenset[Relation],
) -> dict[UUID, OfferHit]:
    """The page's rows that still match the filter, with their distance to `criteria.near`
    when given: plain rows of a statement cached per shape (`TierSearch.offer_rows`) with their
    `wanted` relations, or, with a circle, ORM rows of one built for the request."""
    if not ids:
        return {}
    statement = search.offer_rows(session, ids, wanted)
    if statement is not None:
        hits = {}
        for row in await statement.rows(session):
            related = read_related(row, _WIDTH, wanted) if wanted else None
            hits[row[0]] = OfferHit(OfferRecord(*row[:_WIDTH]), None, related)
        return hits
    query: Any = select(Offer, literal(None)).options(*repository.WITHOUT_VECTOR)
    if criteria.near is not None:
        nearby = locations_near(criteria.near).subquery("nearby")
        query = select(Offer, nearby.c.distance_km).options(*repository.WITHOUT_VECTOR)
        query = query.outerjoin(nearby, nearby.c.id == _OFFER.c.location_id)
    conditions = filter_conditions(criteria, scope)
    rows = (await session.execute(query.where(_OFFER.c.id.in_(ids), *conditions))).all()
    return {row[0].id: OfferHit(row[0], row[1]) for row in rows}


def _decode(request: PageRequest) -> _Key | None:
    if request.cursor is None:
        return None
    tier, rank, offer_id = decode_typed_cursor(
        request.cursor, int, int, UUID, field=request.cursor_field
    )
    if not 0 <= tier < 1000:
        raise InvalidInput("the cursor does not belong to this list", field=request.cursor_field)
    return tier, rank, offer_id
