"""Every query on the offer table: lookups, the search behind `offers(filter:)` and the feeds, and
the maintenance of `search_vector`."""

from __future__ import annotations

import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, TEXT
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import col

from koko_offers.course_run.models import CourseRun
from koko_offers.course_run.registration import accepts_registrations_clause
from koko_offers.course_type.models import CourseType
from koko_offers.location.models import Location
from koko_offers.offer.models import Offer
from koko_offers.offer.visibility import ReadScope
from koko_offers.region import repository as region_repository
from koko_offers.region.models import Area
from koko_offers.taxonomy.models import Category
from koko_shared.errors import InvalidInput
from koko_shared.pagination import Page, decode_cursor, decode_typed_cursor, keyset_after

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 8
# Words shorter than this cannot use the trigram index for substring matching.
MIN_SUBSTRING_LENGTH = 3
# Similar-looking titles are matched for longer searches only: short words resemble too much.
MIN_FUZZY_LENGTH = 6

_WORD = re.compile(r"\w+", re.UNICODE)


class OfferOrder(StrEnum):
    RELEVANCE = "relevance"
    TITLE = "title"
    UPDATED_AT = "updated_at"
    NEXT_START = "next_start"
    DISTANCE = "distance"


@dataclass(frozen=True, slots=True)
class GeoCircle:
    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True, slots=True)
class OfferCriteria:
    """What a client filters offers by. Empty sequences and None mean "no restriction"."""

    search: str | None = None
    category_codes: Sequence[str] = ()  # a category matches its descendants too
    course_type_codes: Sequence[str] = ()
    levels: Sequence[str] = ()  # CEFR target level of the course type
    region_ars: str | None = None  # the region and every region inside it
    area_codes: Sequence[str] = ()
    starts_from: date | None = None
    starts_to: date | None = None
    has_free_seats: bool | None = None
    childcare: bool | None = None
    target_groups: Sequence[str] = ()
    languages: Sequence[str] = ()  # of instruction or of support
    provider_ids: Sequence[UUID] = ()
    near: GeoCircle | None = None
    statuses: Sequence[str] = ("published",)
    today: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class OfferHit:
    offer: Offer
    distance_km: float | None


_OFFER = Offer.__table__  # type: ignore[attr-defined]
# asyncpg prepares statements; after five runs PostgreSQL may switch to a generic plan in which
# the search words are parameters: the text query is then rebuilt for every row and the trigram
# index cannot see the pattern (10x slower, measured). Searches are planned with their words.
_CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")
# The last element of the cursors of look-alike pages.
_LOOK_ALIKE = "~"

# Readers never need the (large) search vector; it is only matched in SQL.
_WITHOUT_VECTOR = defer(typing.cast(QueryableAttribute[Any], Offer.search_vector), raiseload=True)


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
        .options(_WITHOUT_VECTOR)
        .where(col(Offer.id).in_(list(offer_ids)), readable(scope))
    )
    return {offer.id: offer for offer in rows.scalars()}


# --- search -------------------------------------------------------------------------------------


def _title_key() -> ColumnElement[str]:
    # Stored by the database, with a trigram and a btree index (migration 0004).
    return _OFFER.c.title_key


def search_words(search: str) -> list[str]:
    if len(search) > MAX_SEARCH_LENGTH:
        raise InvalidInput(
            f"search must be at most {MAX_SEARCH_LENGTH} characters", field="filter.search"
        )
    words = _WORD.findall(search.lower())
    return words[:MAX_SEARCH_WORDS]


def _ts_query(words: Sequence[str]) -> ColumnElement[Any]:
    """Each word matches its German stem or, as a prefix, the word itself in any language;
    all words must match."""
    query: ColumnElement[Any] | None = None
    for index, word in enumerate(words):
        unaccented = func.koko_unaccent(bindparam(f"search_word_{index}", word, type_=String))
        term = func.plainto_tsquery(text("'german'::regconfig"), unaccented).op("||")(
            func.to_tsquery(
                text("'simple'::regconfig"), func.quote_literal(unaccented).op("||")(":*")
            )
        )
        query = term if query is None else query.op("&&")(term)
    assert query is not None
    return query


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_match(
    words: Sequence[str], *, look_alike: bool
) -> tuple[ColumnElement[bool], ColumnElement[float]]:
    """The match condition and relevance of a search. Strict: full text over title,
    description, category, course type, provider and translations (German stems, word
    beginnings in any language), or every word inside the German title (parts of compound
    words: "kurs" finds "Integrationskurs"), ranked full-text matches first (title words weigh
    most). With `look_alike`: titles resembling the search (typos), ranked by similarity."""
    long_words = [w for w in words if len(w) >= MIN_SUBSTRING_LENGTH]
    phrase = func.koko_unaccent(bindparam("search_phrase", " ".join(words), type_=String))
    if look_alike:
        return (
            phrase.op("<%")(_title_key()),
            cast(func.word_similarity(phrase, _title_key()), Float),
        )
    ts_query = _ts_query(words)
    full_text = col(Offer.search_vector).op("@@")(ts_query)
    ts_rank = cast(func.ts_rank(col(Offer.search_vector), ts_query), Float)
    if not long_words:
        return full_text, ts_rank
    in_title = and_(
        *(
            _title_key().like("%" + func.koko_unaccent(literal(_escape_like(w))) + "%", escape="\\")
            for w in long_words
        )
    )
    rank = case(
        (full_text, 1.0 + ts_rank + case((in_title, 0.5), else_=0.0)),
        else_=0.5,
    )
    return or_(full_text, in_title), cast(rank, Float)


def _may_look_alike(words: Sequence[str]) -> bool:
    return len(" ".join(words)) >= MIN_FUZZY_LENGTH


def may_look_alike(words: Sequence[str]) -> bool:
    """Whether a search that matches nothing strictly falls back to look-alike titles."""
    return _may_look_alike(words)


def matching_ids(words: Sequence[str], *, look_alike: bool = False) -> Select[Any]:
    """The ids of the offers a search matches (strictly, or with `look_alike` the titles
    resembling it), for queries written in SQL elsewhere (the HSDS feed): one definition of
    what a search matches. Run it after `plan_for_search`."""
    return select(_OFFER.c.id).where(_text_match(words, look_alike=look_alike)[0])


async def plan_for_search(session: AsyncSession) -> None:
    """Plan this transaction's statements with their values (see _CUSTOM_PLANS)."""
    await session.execute(_CUSTOM_PLANS)


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


def _next_start(today: date) -> Any:
    return (
        select(func.min(col(CourseRun.start_date)))
        .where(
            col(CourseRun.offer_id) == col(Offer.id),
            col(CourseRun.start_date) >= today,
            col(CourseRun.status) != "cancelled",
        )
        .scalar_subquery()
    )


def _category_with_descendants(codes: Sequence[str]) -> Any:
    tree = (
        select(col(Category.code))
        .where(col(Category.code).in_(list(codes)))
        .cte("category_tree", recursive=True)
    )
    tree = tree.union_all(
        select(col(Category.code)).where(col(Category.parent_code) == tree.c.code)
    )
    return select(tree.c.code)


# ll_to_earth(lat, lon), stored by the database (migration 0007); not mapped on the model.
_LOCATION_EARTH: ColumnElement[Any] = literal_column("location.earth")


def _earth_point(lat: Any, lon: Any) -> Any:
    return func.ll_to_earth(lat, lon)


def _conditions(
    criteria: OfferCriteria, scope: ReadScope, *, near_joined: bool = False
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [readable(scope)]
    if criteria.statuses:
        conditions.append(col(Offer.status).in_(list(criteria.statuses)))
    if criteria.region_ars:
        conditions.append(region_repository.within(col(Offer.region_ars), criteria.region_ars))
    if criteria.category_codes:
        conditions.append(
            col(Offer.category_code).in_(_category_with_descendants(criteria.category_codes))
        )
    if criteria.course_type_codes or criteria.levels:
        course_types = select(col(CourseType.id))
        if criteria.course_type_codes:
            course_types = course_types.where(
                col(CourseType.code).in_(list(criteria.course_type_codes))
            )
        if criteria.levels:
            course_types = course_types.where(col(CourseType.target_level).in_(criteria.levels))
        conditions.append(col(Offer.course_type_id).in_(course_types))
    if criteria.area_codes:
        locations = (
            select(col(Location.id))
            .join(Area, col(Area.id) == col(Location.area_id))
            .where(col(Area.code).in_(list(criteria.area_codes)))
        )
        if criteria.region_ars:
            locations = locations.where(
                region_repository.within(col(Area.region_ars), criteria.region_ars)
            )
        conditions.append(col(Offer.location_id).in_(locations))
    if criteria.childcare is not None:
        conditions.append(col(Offer.childcare).is_(criteria.childcare))
    if criteria.target_groups:
        conditions.append(
            col(Offer.target_groups).op("&&")(cast(list(criteria.target_groups), ARRAY(TEXT)))
        )
    if criteria.languages:
        languages = cast(list(criteria.languages), ARRAY(TEXT))
        conditions.append(
            or_(
                col(Offer.instruction_languages).op("&&")(languages),
                col(Offer.support_languages).op("&&")(languages),
            )
        )
    if criteria.provider_ids:
        conditions.append(col(Offer.provider_id).in_(list(criteria.provider_ids)))
    conditions.extend(_run_conditions(criteria))
    if criteria.near is not None and not near_joined:
        nearby = _locations_near(criteria.near).subquery("nearby")
        conditions.append(col(Offer.location_id).in_(select(nearby.c.id)))
    return conditions


def _run_conditions(criteria: OfferCriteria) -> list[ColumnElement[bool]]:
    """Date window and free seats refer to the same run: an offer matches when one of its runs
    starts in the window and has free seats."""
    window = criteria.starts_from is not None or criteria.starts_to is not None
    if criteria.has_free_seats:
        return [_run_exists(criteria, free_seats=True)]
    conditions: list[ColumnElement[bool]] = []
    if window:
        conditions.append(_run_exists(criteria, free_seats=False))
    if criteria.has_free_seats is False:
        conditions.append(~_run_exists(criteria, free_seats=True))
    return conditions


def _run_exists(criteria: OfferCriteria, *, free_seats: bool) -> ColumnElement[bool]:
    run = [col(CourseRun.offer_id) == col(Offer.id), col(CourseRun.status) != "cancelled"]
    if criteria.starts_from is not None:
        run.append(col(CourseRun.start_date) >= criteria.starts_from)
    if criteria.starts_to is not None:
        run.append(col(CourseRun.start_date) <= criteria.starts_to)
    if free_seats:
        run.append(accepts_registrations_clause(criteria.today))
        # No maximum means the provider did not limit the seats.
        run.append(or_(col(CourseRun.free_seats) > 0, col(CourseRun.capacity_max).is_(None)))
    return exists().where(*run)


def _locations_near(near: GeoCircle) -> Select[Any]:
    """Locations within the circle and their distance in km, found through the GiST index
    ix_location_earth; the distance is computed once per location, not per offer."""
    radius_m = near.radius_km * 1000
    centre = _earth_point(near.lat, near.lon)
    point = _LOCATION_EARTH
    distance_m = func.earth_distance(centre, point)
    return select(
        col(Location.id).label("id"), cast(distance_m / 1000.0, Float).label("distance_km")
    ).where(func.earth_box(centre, radius_m).op("@>")(point), distance_m <= radius_m)


async def search(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    *,
    order: OfferOrder | None,
    first: int,
    after: str | None,
) -> Page[OfferHit]:
    """One page of the offers matching `criteria` that `scope` may read, fetched with keyset
    pagination over the sort key of `order`.

    A search matches strictly; only when nothing matches strictly (a typo) does it match
    look-alike titles instead, since similarity costs ~7 µs a row and a broad search would pay
    it on every row. Cursors of look-alike pages carry a marker, so later pages stay in that
    mode."""
    words = search_words(criteria.search) if criteria.search else []
    order = order or (OfferOrder.RELEVANCE if words else OfferOrder.TITLE)
    if order == OfferOrder.RELEVANCE and not words:
        raise InvalidInput("ordering by relevance needs a search", field="orderBy")
    if order == OfferOrder.DISTANCE and criteria.near is None:
        raise InvalidInput("ordering by distance needs filter.near", field="orderBy")
    if words:
        await session.execute(_CUSTOM_PLANS)
    look_alike = after is not None and _is_look_alike_cursor(after)
    page = await _page(session, criteria, scope, words, look_alike, order, first, after)
    if not page.rows and after is None and words and _may_look_alike(words):
        page = await _page(session, criteria, scope, words, True, order, first, None)
    return page


async def _page(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    words: Sequence[str],
    look_alike: bool,
    order: OfferOrder,
    first: int,
    after: str | None,
) -> Page[OfferHit]:
    conditions = _conditions(criteria, scope, near_joined=True)
    rank: ColumnElement[float] | None = None
    if words:
        match, rank = _text_match(words, look_alike=look_alike)
        conditions.append(match)
    if order == OfferOrder.NEXT_START and criteria.near is None:
        return await _next_start_page(session, criteria, conditions, look_alike, first, after)
    nearby = (
        # Materialized, so that the planner does not recompute the distance per offer.
        _locations_near(criteria.near).cte("nearby").prefix_with("MATERIALIZED")
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
        page = _keyset_page(page.where(*conditions), order, keys, descending, first, after)
        ids = page.subquery("page")
        page_keys = [ids.c[f"page_key_{i}"] for i in range(len(keys))]
        query = (
            select(Offer, ids.c.page_distance, *page_keys)
            .options(_WITHOUT_VECTOR)
            .join(ids, ids.c.page_id == _OFFER.c.id)
            .order_by(
                *(k.desc() if d else k.asc() for k, d in zip(page_keys, descending, strict=True))
            )
        )
    else:
        query = select(Offer, literal(None), *keys).options(_WITHOUT_VECTOR).where(*conditions)
        query = _keyset_page(query, order, keys, descending, first, after)
    rows = (await session.execute(query)).all()
    hits = [OfferHit(offer=row[0], distance_km=row[1]) for row in rows]
    return Page.from_overfetch(hits, [tuple(row[2:]) for row in rows], first)


async def _next_start_page(
    session: AsyncSession,
    criteria: OfferCriteria,
    conditions: list[ColumnElement[bool]],
    look_alike: bool,
    first: int,
    after: str | None,
) -> Page[OfferHit]:
    """Offers by next start, driven by the runs: the upcoming runs in start order
    (ix_course_run_start_offer), each kept when it is its offer's first upcoming run and the offer
    matches, so that a broad filter stops after a page of runs instead of computing the next
    start of every matching offer and sorting them (200-300 ms at 100,000 offers). The planner
    still starts from the offers when the filter is narrow. Offers without an upcoming run follow,
    by id, with the sort key of `_sort_key` (the far future)."""
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
    return Page.from_overfetch(hits, [tuple(row[2:]) for row in rows], first)


def _keyset_page(
    query: Select[Any],
    order: OfferOrder,
    keys: Sequence[ColumnElement[Any]],
    descending: Sequence[bool],
    first: int,
    after: str | None,
) -> Select[Any]:
    """`query` after the cursor, in the order of `keys`, one row more than a page."""
    if after is not None:
        types = [_CURSOR_TYPES[order], UUID, str][: len(keys)]
        values = decode_typed_cursor(after, *types)
        query = query.where(keyset_after(keys, values, descending))
    return query.order_by(
        *(k.desc() if d else k.asc() for k, d in zip(keys, descending, strict=True))
    ).limit(first + 1)


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
    if words:
        await session.execute(_CUSTOM_PLANS)
    total = await _count(session, criteria, scope, words, look_alike=False, up_to=up_to)
    if total == 0 and words and _may_look_alike(words):
        total = await _count(session, criteria, scope, words, look_alike=True, up_to=up_to)
    return total


async def _count(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    words: Sequence[str],
    *,
    look_alike: bool,
    up_to: int | None = None,
) -> int:
    conditions = _conditions(criteria, scope)
    if words:
        conditions.append(_text_match(words, look_alike=look_alike)[0])
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
        return [func.coalesce(_next_start(today), _FAR_FUTURE), offer_id], [False, False]
    return [_title_key(), offer_id], [False, False]


_CURSOR_TYPES: dict[OfferOrder, Any] = {
    OfferOrder.RELEVANCE: float,
    OfferOrder.DISTANCE: float,
    OfferOrder.UPDATED_AT: datetime.fromisoformat,
    OfferOrder.NEXT_START: date.fromisoformat,
    OfferOrder.TITLE: str,
}


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
