"""Facet counts of a finder's filter menus: for each menu (category, course type, level, area,
language, target group, childcare, free seats) how many offers each value would give, with every
other filter of the request applied (a menu does not narrow itself, so that its other values
stay visible). Exact up to `counting.EXACT_COUNT_BOUND` matches; beyond, counted on the first
matches in id order (a uniform random sample, see `offer.counting`) and scaled to the estimated
total, marked as estimates."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import String, and_, cast, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_type.models import CourseType
from koko_offers.location.models import Location
from koko_offers.offer import facet_samples, statement_slots
from koko_offers.offer.counting import EXACT_COUNT_BOUND, estimate
from koko_offers.offer.criteria import (
    OfferCriteria,
    free_seats_condition,
)
from koko_offers.offer.models import Offer
from koko_offers.offer.statement_cache import Slots, Statement, StatementCache
from koko_offers.offer.text_search import SearchText
from koko_offers.offer.visibility import ReadScope
from koko_offers.region.models import Area
from koko_offers.taxonomy.models import Category

_OFFER = Offer.__table__  # type: ignore[attr-defined]
_COURSE_TYPE = CourseType.__table__  # type: ignore[attr-defined]
_LOCATION = Location.__table__  # type: ignore[attr-defined]
_AREA = Area.__table__  # type: ignore[attr-defined]
_CATEGORY = Category.__table__  # type: ignore[attr-defined]
# The counting statement per shape of a request's filter and search (`_statement`).
FACET_COUNTS = StatementCache()
# The kind of a group's total row (facet kinds are the Facet values), followed by its number.
_TOTAL = "total "


class Facet(StrEnum):
    CATEGORIES = "categories"
    COURSE_TYPES = "course_types"
    LEVELS = "levels"
    AREAS = "areas"
    LANGUAGES = "languages"
    TARGET_GROUPS = "target_groups"
    CHILDCARE = "childcare"
    FREE_SEATS = "free_seats"


# The filter each menu would narrow itself by: left out when counting that menu.
_OWN_FILTER: dict[Facet, dict[str, Any]] = {
    Facet.CATEGORIES: {"category_codes": ()},
    Facet.COURSE_TYPES: {"course_type_codes": ()},
    Facet.LEVELS: {"levels": ()},
    Facet.AREAS: {"area_codes": ()},
    Facet.LANGUAGES: {"languages": ()},
    Facet.TARGET_GROUPS: {"target_groups": ()},
    Facet.CHILDCARE: {"childcare": None},
    Facet.FREE_SEATS: {"has_free_seats": None},
}


@dataclass(frozen=True, slots=True)
class FacetCounts:
    """Per menu the values with their counts (most first), and whether all are exact."""

    values: dict[Facet, list[tuple[str, int]]]
    exact: bool


def _sets_own_filter(criteria: OfferCriteria, facet: Facet) -> bool:
    """Whether the menu's own filter is given: a yes/no that is not None, a list that is not
    empty (the GraphQL filter gives empty lists, not tuples, for menus left open)."""
    return any(_given(getattr(criteria, name)) for name in _OWN_FILTER[facet])


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, Sequence) and not value)


async def facet_counts(
    session: AsyncSession, criteria: OfferCriteria, scope: ReadScope, text: SearchText | None
) -> FacetCounts:
    """One statement: a sample for the menus whose own filter is not set, one more sample per
    menu whose filter is set, each grouped by its menus (`_union`), built once per shape of the
    request (`_statement`)."""
    layout = tuple(tuple(facets) for _, facets in _groups(criteria))
    statement, parameters = _statement(session, criteria, layout, scope, text)
    rows = (await session.execute(statement, parameters)).all()
    group_of = {facet: number for number, facets in enumerate(layout) for facet in facets}
    values, exact = _counts(rows, group_of)
    return FacetCounts(values, exact)


def _groups(criteria: OfferCriteria) -> list[tuple[OfferCriteria, list[Facet]]]:
    """The menus counted on one sample each: those whose own filter is not set together, each
    other menu on its own (with its own filter left out)."""
    groups: list[tuple[OfferCriteria, list[Facet]]] = []
    shared = [f for f in Facet if not _sets_own_filter(criteria, f)]
    if shared:
        groups.append((criteria, shared))
    for facet in Facet:
        if facet not in shared:
            groups.append((dataclasses.replace(criteria, **_OWN_FILTER[facet]), [facet]))
    return groups


def _statement(
    session: AsyncSession,
    criteria: OfferCriteria,
    layout: tuple[tuple[Facet, ...], ...],
    scope: ReadScope,
    text: SearchText | None,
) -> tuple[Statement, dict[str, Any]]:
    """The counting statement and its parameters: the cached one of the request's shape
    (`offer.statement_slots`: filter and search readings; and the menus of each sample,
    `layout`, which the filter's shape decides) with the request's values bound, or, for a
    filter without a shape (a circle), one built for the request."""
    sample_size = EXACT_COUNT_BOUND + 1
    filter_ = statement_slots.filter_shape(criteria)
    if filter_ is None:
        return _union(_groups(criteria), scope, text, sample_size), {}
    slots = {
        **statement_slots.filter_slots(criteria),
        **statement_slots.search_slots(text),
        statement_slots.LIMIT: sample_size,
    }

    def build(given: Slots) -> Statement:
        groups = _groups(statement_slots.filter_with_slots(criteria, given))
        return _union(
            groups,
            scope,
            statement_slots.search_with_slots(text, given),
            given[statement_slots.LIMIT],
        )

    template = FACET_COUNTS.template(
        session.get_bind().dialect,
        (scope, filter_, statement_slots.search_shape(text), layout),
        build,
        lambda: (statement_slots.sample(slots, 0), statement_slots.sample(slots, 1)),
    )
    if template is None:
        return build(slots), {}
    return template.statement, template.parameters(slots)


def _union(
    groups: Sequence[tuple[OfferCriteria, Sequence[Facet]]],
    scope: ReadScope,
    text: SearchText | None,
    sample_size: int,
) -> Statement:
    """Every group's menus in one statement (one round trip): per group a sample of its first
    `sample_size` matches in id order (`offer.facet_samples`), its total and, per menu, the
    sample grouped by the menu's value."""
    parts: list[Any] = []
    sampled = facet_samples.samples([criteria for criteria, _ in groups], scope, text, sample_size)
    for number, ((group_criteria, facets), sample) in enumerate(zip(groups, sampled, strict=True)):
        parts.append(
            select(
                literal(f"{_TOTAL}{number}"),
                func.max(cast(sample.c.id, String).collate("C")),
                func.count(),
            ).select_from(sample)
        )
        for facet in facets:
            parts.append(_facet_part(facet, sample, group_criteria))
    return union_all(*parts)


def _counts(
    rows: Sequence[Any], group_of: dict[Facet, int]
) -> tuple[dict[Facet, list[tuple[str, int]]], bool]:
    """Per menu its values' counts from the statement's rows (`group_of`: the group each menu
    was counted in). A group's counts are exact when it has at most EXACT_COUNT_BOUND matches,
    else scaled to its estimated total."""
    counted: dict[Facet, list[tuple[str, int]]] = {f: [] for f in group_of}
    exact = True
    totals: dict[int, tuple[int, str | None]] = {}
    for kind, value, number in rows:
        if kind.startswith(_TOTAL):
            totals[int(kind[len(_TOTAL) :])] = (int(number), value)
        elif value is not None:
            counted[Facet(kind)].append((str(value), int(number)))
    scales: dict[int, float] = {}
    for number, (found, last_id) in totals.items():
        exact = exact and found <= EXACT_COUNT_BOUND
        scales[number] = (
            1.0 if found <= EXACT_COUNT_BOUND else estimate(found, str(last_id)) / found
        )
    for facet, pairs in counted.items():
        scale = scales[group_of[facet]]
        scaled = [(value, round(number * scale)) for value, number in pairs]
        counted[facet] = sorted(scaled, key=lambda pair: (-pair[1], pair[0]))
    return counted, exact


def _facet_part(facet: Facet, sample: Any, criteria: OfferCriteria) -> Any:
    kind = literal(facet.value)
    if facet == Facet.CATEGORIES:
        # A category counts its subcategories' offers too (as the filter does): each offer
        # counts for its category and every category above it.
        lines = _category_lines()
        value: Any = lines.c.ancestor
        source: Any = sample.join(lines, lines.c.code == sample.c.category_code)
    elif facet in (Facet.COURSE_TYPES, Facet.LEVELS):
        value = _COURSE_TYPE.c.code if facet == Facet.COURSE_TYPES else _COURSE_TYPE.c.target_level
        source = sample.join(_COURSE_TYPE, _COURSE_TYPE.c.id == sample.c.course_type_id)
    elif facet == Facet.AREAS:
        # The located-in-an-area locations hashed from `ix_location_area` (migration 0019,
        # index-only), with or without table scans: the whole location table read per request
        # (221 buffers) or, in a search's transaction, each sampled location looked up by key
        # (~3,100 buffers for 1,001 sampled offers) cost 1-2 ms more (measured). The condition
        # on `area_id` is the index's predicate, stated so that the planner may use it.
        value = _AREA.c.code
        source = sample.join(
            _LOCATION,
            and_(_LOCATION.c.id == sample.c.location_id, _LOCATION.c.area_id.is_not(None)),
        ).join(_AREA, _AREA.c.id == _LOCATION.c.area_id)
    elif facet in (Facet.LANGUAGES, Facet.TARGET_GROUPS):
        array = sample.c.languages if facet == Facet.LANGUAGES else sample.c.target_groups
        # unnest() in the select list (no table function and its row store per offer), each
        # (offer, value) once: an offer teaching and supporting in one language counts once.
        pairs = (
            select(sample.c.id, func.unnest(array).label("value"))
            .distinct()
            .subquery(f"{facet.value}_pairs")
        )
        return (
            select(kind, cast(pairs.c.value, String), func.count())
            .where(pairs.c.value.is_not(None))
            .group_by(pairs.c.value)
        )
    elif facet == Facet.CHILDCARE:
        value = cast(sample.c.childcare, String)
        source = sample
    else:
        value = cast(free_seats_condition(criteria, sample.c.id, sample.c.free_seats_until), String)
        source = sample
    return select(kind, cast(value, String), func.count()).select_from(source).group_by(value)


def _category_lines() -> Any:
    """(code, ancestor) for every category and each category above it, itself included.
    UNION, not UNION ALL: a parent cycle in the table ends the recursion instead of looping."""
    lines = select(_CATEGORY.c.code.label("code"), _CATEGORY.c.code.label("ancestor")).cte(
        "category_line", recursive=True
    )
    parent = _CATEGORY.alias("parent_category")
    return lines.union(
        select(lines.c.code, parent.c.parent_code).where(
            parent.c.code == lines.c.ancestor, parent.c.parent_code.is_not(None)
        )
    )
