"""The statements of a relevance page's tiers (`offer.ranking`) built once per shape and sent as
SQL text with the request's values bound (issue 18: building the tiers of a three-reading search
and compiling each statement for the planner's plan cost ~20 ms of CPU per request at load 9).

A tier statement's shape (`offer.statement_cache`): the read scope, the filter's and the
search's shape (`offer.statement_slots`: which criteria, the readings' numbers of words and
weights), the paging direction, the statement's kind, the tier's number, which keys it is given
and whether it has a row limit. Its slots: the filter's values, the readings' words, the keys
(the cursor's position in the tier, a walk's or band's start and stop: each a rank and an id)
and the row limit. A filter without a shape (a circle) is built per request, as before."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer.criteria import OfferCriteria, filter_conditions
from koko_offers.offer.models import Offer
from koko_offers.offer.records import OFFER_COLUMNS, Relation
from koko_offers.offer.related import related_columns
from koko_offers.offer.statement_cache import Slots, StatementCache, driver_statement
from koko_offers.offer.statement_slots import (
    LIMIT,
    filter_shape,
    filter_slots,
    filter_with_slots,
    sample,
    search_shape,
    search_slots,
    search_with_slots,
)
from koko_offers.offer.text_search import SearchText, search_rank, tier_of, tiers
from koko_offers.offer.visibility import ReadScope
from koko_shared.database.driver_statements import DriverStatement

_OFFER = Offer.__table__  # type: ignore[attr-defined]
_CTID: ColumnElement[Any] = literal_column("ctid")
Key = tuple[int, UUID]
# The relevance statements per shape (`TierSearch.statement`).
TIER_STATEMENTS = StatementCache()
_KEYS = ("position", "start", "stop")
_IDS = "ids"
_OFFSET = "offset"


class Kind(Enum):
    """What a statement reads of a tier (every kind: beyond the cursor's position)."""

    # The tier in rank order: beyond `start` and up to `stop` when given (a walk).
    PAGE = "page"
    # The band of the rank order beyond `start` up to `stop` (to the end when not given), its
    # rows found through the GIN index (`ranking._beyond_walk`); without a limit, one row in no
    # order, for the planner's plan.
    BAND = "band"
    # The tier's matches beyond `start` from every match the GIN index finds, sorted, in one
    # heap pass: the offers of the GIN bitmap (ANDed with a filter's bitmap where the planner
    # wants one), the filters tested on them (`ranking._rest_of_tier`).
    REST = "rest"
    # The same, the filters tested on the rows of the GIN bitmap alone (no filter's index read):
    # for a plan that ANDs the GIN bitmap with a filter's wider one.
    REST_GIN_ONLY = "rest gin only"
    # The same, the tier's matches materialized first (the GIN bitmap alone, then the heap
    # again for the filters): for a plan of REST that would read the rest without the GIN
    # index.
    REST_MATERIALIZED = "rest materialized"


@dataclass(frozen=True, slots=True)
class TierStatement:
    """One statement and the request's values for it; `build` builds it for the request alone
    (for a plan the driver statement cannot ask)."""

    statement: Select[Any]
    parameters: Mapping[str, Any]
    driver: DriverStatement | None
    build: Callable[[], Select[Any]]

    async def rows(self, session: AsyncSession) -> list[Any]:
        if self.driver is not None:
            return list(await self.driver.rows(session, self.parameters))
        return list((await session.execute(self.statement, dict(self.parameters))).all())


@dataclass(frozen=True, slots=True)
class TierSearch:
    """What every tier statement of one relevance page is built from."""

    criteria: OfferCriteria
    scope: ReadScope
    text: SearchText
    backward: bool
    shape: Hashable | None  # None: statements built per request
    slots: Mapping[str, Any]

    @classmethod
    def of(
        cls, criteria: OfferCriteria, scope: ReadScope, text: SearchText, backward: bool
    ) -> TierSearch:
        given = filter_shape(criteria)
        if given is None:
            return cls(criteria, scope, text, backward, None, {})
        shape = (scope, given, search_shape(text), backward)
        return cls(
            criteria, scope, text, backward, shape, {**filter_slots(criteria), **search_slots(text)}
        )

    def statement(
        self,
        session: AsyncSession,
        kind: Kind,
        number: int,
        *,
        position: Key | None,
        start: Key | None = None,
        stop: Key | None = None,
        limit: int | None = None,
    ) -> TierStatement:
        """The statement of tier `number` of this kind with these keys and row limit."""
        slots = dict(self.slots)
        keys = {"position": position, "start": start, "stop": stop}
        for name, key in keys.items():
            if key is not None:
                slots[f"{name}.rank"], slots[f"{name}.id"] = key
        if limit is not None:
            slots[LIMIT] = limit
        given = tuple(name for name, key in keys.items() if key is not None)
        return self._cached(
            session,
            (kind, number, given, limit is not None),
            slots,
            lambda values: self._build(kind, number, values),
            lambda: self._build(kind, number, slots, bound=False),
        )

    def offer_rows(
        self, session: AsyncSession, ids: list[UUID], wanted: frozenset[Relation]
    ) -> TierStatement | None:
        """The page's offers among `ids` that still match the filter, as `OFFER_COLUMNS`, each
        followed by its `wanted` relations (`offer.related.related_columns`); None for a filter
        built per request (a circle: `ranking._offers` reads them with their distance)."""
        if self.shape is None:
            return None

        def build(values: Mapping[str, Any]) -> Select[Any]:
            criteria = filter_with_slots(self.criteria, values)
            offer = _OFFER.c
            relations = related_columns(
                offer.id, offer.provider_id, offer.location_id, wanted, criteria.today
            )
            return select(*OFFER_COLUMNS, *relations).where(
                offer.id.in_(values[_IDS]), *filter_conditions(criteria, self.scope)
            )

        slots = {**self.slots, _IDS: list(ids)}
        return self._cached(session, ("offer rows", wanted), slots, build, lambda: build(slots))

    def _cached(
        self,
        session: AsyncSession,
        statement_shape: Hashable,
        slots: dict[str, Any],
        build: Callable[[Slots], Select[Any]],
        per_request: Callable[[], Select[Any]],
    ) -> TierStatement:
        if self.shape is None:
            return TierStatement(per_request(), {}, None, per_request)
        return _cached(session, (self.shape, statement_shape), slots, build, per_request)

    def _build(
        self, kind: Kind, number: int, values: Mapping[str, Any], *, bound: bool = True
    ) -> Select[Any]:
        """The statement from slot values; `bound`: the filter's and words' values from them
        too (else the request's own criteria and search)."""
        criteria = filter_with_slots(self.criteria, values) if bound else self.criteria
        text = search_with_slots(self.text, values) if bound else self.text
        assert text is not None
        condition = tiers(text)[number].condition
        rank, offer_id = search_rank(), _OFFER.c.id
        query = select(rank, offer_id, tier_of(text)).where(
            *filter_conditions(criteria, self.scope), condition
        )
        position, start, stop = (_key(values, name) for name in _KEYS)
        if position is not None:
            query = query.where(self._beyond(tuple_(rank, offer_id), position))
        limit = values.get(LIMIT)
        order = (rank.desc(), offer_id.desc()) if self.backward else (rank, offer_id)
        if kind == Kind.PAGE:
            key = tuple_(rank, offer_id)
            query = query.order_by(*order).limit(limit)
            if start is not None:
                query = query.where(self._beyond(key, start))
            if stop is not None:
                query = query.where(self._up_to(key, stop))
            return query
        assert start is not None
        if kind == Kind.BAND:
            band = self._band(query, condition, start, stop)
            return band.limit(1) if limit is None else band.order_by(*order).limit(limit)
        return self._rest(kind, criteria, text, condition, position, start, limit)

    def _rest(
        self,
        kind: Kind,
        criteria: OfferCriteria,
        text: SearchText,
        condition: ColumnElement[bool],
        position: Key | None,
        start: Key,
        limit: int | None,
    ) -> Select[Any]:
        """The rest of the tier beyond `start` (`Kind.REST` and its variants), sorted by
        `search_rank + 0`: a bitmap of the rank index's range would read every offer beyond."""
        rank, offer_id = search_rank() + 0, _OFFER.c.id
        key = tuple_(rank, offer_id)
        filters = filter_conditions(criteria, self.scope)
        if kind == Kind.REST_GIN_ONLY:
            # A test of each row: no index can serve it.
            filters = [and_(*filters).is_(true())]
        query = select(search_rank(), offer_id, tier_of(text)).where(
            *filters, condition, self._beyond(key, start)
        )
        if position is not None:
            query = query.where(self._beyond(key, position))
        order = (rank.desc(), offer_id.desc()) if self.backward else (rank, offer_id)
        query = query.order_by(*order).limit(limit)
        if kind != Kind.REST_MATERIALIZED:
            return query
        matches = select(offer_id).where(condition).cte("tier_matches").prefix_with("MATERIALIZED")
        return query.where(offer_id.in_(select(matches.c.id)))

    def _band(
        self, query: Select[Any], condition: ColumnElement[bool], start: Key, stop: Key | None
    ) -> Select[Any]:
        """`query` for the offers beyond `start` up to `stop` (to the end when None), on the
        rows the GIN index finds for `condition` within their rank values (the planner ANDs the
        GIN bitmap with a bitmap of the rank index)."""
        rank, offer_id = search_rank(), _OFFER.c.id
        key = tuple_(search_rank() + 0, offer_id)
        ranks = (rank <= start[0]) if self.backward else (rank >= start[0])
        within = query.where(self._beyond(key, start))
        if stop is not None:
            ranks = ranks & ((rank >= stop[0]) if self.backward else (rank <= stop[0]))
            within = within.where(self._up_to(key, stop))
        found = select(_CTID).select_from(_OFFER).where(condition, ranks).correlate(None)
        return within.where(
            literal_column("offer.ctid") == func.any(func.array(found.scalar_subquery()))
        )

    def _beyond(self, key: Any, given: Key) -> ColumnElement[bool]:
        value = tuple_(*given)
        condition: ColumnElement[bool] = key < value if self.backward else key > value
        return condition

    def _up_to(self, key: Any, given: Key) -> ColumnElement[bool]:
        value = tuple_(*given)
        condition: ColumnElement[bool] = key >= value if self.backward else key <= value
        return condition


def walk_end(
    session: AsyncSession, position: Key | None, backward: bool, offset: int
) -> TierStatement:
    """The key `offset` + 1 offers beyond `position` in rank order (index-only): where a walk
    or a band ends; built once per direction and whether a position is given."""
    slots: dict[str, Any] = {_OFFSET: offset}
    if position is not None:
        slots["position.rank"], slots["position.id"] = position

    def build(values: Mapping[str, Any]) -> Select[Any]:
        rank, offer_id = search_rank(), _OFFER.c.id
        query = select(rank, offer_id)
        given = _key(values, "position")
        if given is not None:
            key, value = tuple_(rank, offer_id), tuple_(*given)
            query = query.where(key < value if backward else key > value)
        order = (rank.desc(), offer_id.desc()) if backward else (rank, offer_id)
        return query.order_by(*order).offset(values[_OFFSET]).limit(1)

    return _cached(
        session, ("walk end", backward, position is not None), slots, build, lambda: build(slots)
    )


def _cached(
    session: AsyncSession,
    shape: Hashable,
    slots: dict[str, Any],
    build: Callable[[Slots], Select[Any]],
    per_request: Callable[[], Select[Any]],
) -> TierStatement:
    """The template of `shape` with the request's `slots`, sent as SQL text; the statement
    built for the request when the shape is not cacheable."""
    dialect = session.get_bind().dialect
    template = TIER_STATEMENTS.template(
        dialect, shape, build, lambda: (sample(slots, 0), sample(slots, 1))
    )
    driver = driver_statement(template, dialect) if template is not None else None
    if template is None or driver is None:
        return TierStatement(per_request(), {}, None, per_request)
    return TierStatement(driver.statement, template.parameters(slots), driver, per_request)


def _key(values: Mapping[str, Any], name: str) -> Key | None:
    if f"{name}.rank" not in values:
        return None
    return values[f"{name}.rank"], values[f"{name}.id"]
