"""The statement of a keyset page of `offers` (by title, last update or, backwards, next start)
built once per shape of its filter (`offer.statement_cache`), its values bound per request.

The shape of a request: the ordering, the read scope, the paging direction and whether a cursor
is given, which criteria are given, and the value of the yes/no criteria (they change the SQL).
The slots: every other criterion's value (codes, region, dates, providers, statuses, today), the
region's last ARS (`region.repository.within` binds a range), the cursor's sort key and the
page's row limit. Pages with a search or a circle are built per request, as before."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer.criteria import OfferCriteria, OfferOrder
from koko_offers.offer.statement_cache import Slots, StatementCache, Template
from koko_offers.offer.text_search import SearchText
from koko_offers.offer.visibility import ReadScope
from koko_offers.region import repository as region_repository
from koko_shared.pagination import PageRequest

KeysetSelect = Callable[
    [OfferCriteria, ReadScope, OfferOrder, PageRequest, Sequence[Any] | None], Select[Any]
]

KEYSET_PAGES = StatementCache(max_shapes=256)

_FIELDS = tuple(f.name for f in dataclasses.fields(OfferCriteria))
_CRITERION = "criteria."
_REGION_LAST = "region_ars.last"
_LIMIT = "limit"
_CURSOR = "cursor."
# Two sets of made-up region keys for finding a template: ARS with trailing zero levels, so that
# the first and last ARS within them differ (as for real regions).
_SAMPLE_REGIONS = ("159990000000", "158880000000")


def keyset_template(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    text: SearchText | None,
    order: OfferOrder,
    request: PageRequest,
    values: Sequence[Any] | None,
    build: KeysetSelect,
) -> tuple[Template, Slots] | None:
    """The cached statement of this page's shape and the request's slots for it; None when the
    page is built per request (a search, a circle, or a shape found not to be cacheable)."""
    shape = _shape(criteria, scope, text, order, request)
    if shape is None:
        return None
    slots = _slots(criteria, request, values)

    def from_slots(given: Slots) -> Select[Any]:
        sample_criteria = dataclasses.replace(
            criteria,
            **{k.removeprefix(_CRITERION): v for k, v in given.items() if k.startswith(_CRITERION)},
        )
        sample_request = dataclasses.replace(request, size=given[_LIMIT] - 1)
        cursor = [given[f"{_CURSOR}{i}"] for i in range(len(values))] if values else None
        return build(sample_criteria, scope, order, sample_request, cursor)

    template = KEYSET_PAGES.template(
        session.get_bind().dialect,
        shape,
        from_slots,
        lambda: (_sample(slots, 0), _sample(slots, 1)),
    )
    return (template, slots) if template is not None else None


def _shape(
    criteria: OfferCriteria,
    scope: ReadScope,
    text: SearchText | None,
    order: OfferOrder,
    request: PageRequest,
) -> Hashable | None:
    if text is not None or criteria.search is not None or criteria.near is not None:
        return None
    given: list[Any] = []
    for name in _FIELDS:
        value = getattr(criteria, name)
        if value is None or isinstance(value, bool):
            given.append(value)  # absent, or a yes/no that changes the SQL
        elif isinstance(value, date | UUID):
            given.append(True)
        elif isinstance(value, str) or (
            isinstance(value, Sequence) and all(isinstance(v, str | UUID) for v in value)
        ):
            given.append(bool(value))  # empty: no restriction
        else:
            return None  # a criterion this module does not know how to bind
    return (order, scope, request.backward, request.cursor is not None, tuple(given))


def _slots(criteria: OfferCriteria, request: PageRequest, values: Sequence[Any] | None) -> Slots:
    slots: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(criteria, name)
        if value is None or isinstance(value, bool) or (isinstance(value, Sequence) and not value):
            continue
        slots[f"{_CRITERION}{name}"] = (
            list(value) if isinstance(value, Sequence) and not isinstance(value, str) else value
        )
    if criteria.region_ars:
        _, slots[_REGION_LAST] = region_repository.ars_range(criteria.region_ars)
    slots[_LIMIT] = request.size + 1
    for index, value in enumerate(values or ()):
        slots[f"{_CURSOR}{index}"] = value
    return slots


def _sample(slots: Slots, which: int) -> Slots:
    """Made-up slots of the same types, different from the other sample's in every slot and
    from each other."""
    sample: dict[str, Any] = {}
    for number, (name, value) in enumerate(slots.items(), start=1):
        tag = 1000 * which + number
        if name == _REGION_LAST:
            continue
        if name == f"{_CRITERION}region_ars":
            sample[name] = _SAMPLE_REGIONS[which]
            _, sample[_REGION_LAST] = region_repository.ars_range(_SAMPLE_REGIONS[which])
        elif name == _LIMIT:
            sample[name] = 7 + 2 * which + 1
        elif isinstance(value, list):
            sample[name] = [_made_up(value[0], tag)]
        else:
            sample[name] = _made_up(value, tag)
    return sample


def _made_up(like: Any, tag: int) -> Any:
    if isinstance(like, datetime):
        return datetime(1901, 1, 1, tzinfo=UTC) + timedelta(minutes=tag)
    if isinstance(like, date):
        return date(1901, 1, 1) + timedelta(days=tag)
    if isinstance(like, UUID):
        return UUID(int=tag)
    if isinstance(like, float):
        return tag + 0.25
    if isinstance(like, int):
        return tag
    return f"made-up value {tag}"
