"""The statement of a keyset page of `offers` (by title, last update or, backwards, next start)
built once per shape of its filter (`offer.statement_cache`), its values bound per request.

The shape of a request: the ordering, the read scope, the paging direction and whether a cursor
is given, the relations of each offer fetched with the page (`offer.related`), and the filter's
shape (`offer.statement_slots`). The slots: the filter's, the cursor's
sort key and the page's row limit. Pages with a search or a circle are built per request, as
before."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer.criteria import OfferCriteria, OfferOrder
from koko_offers.offer.records import Relation
from koko_offers.offer.statement_cache import Slots, StatementCache, Template
from koko_offers.offer.statement_slots import (
    LIMIT,
    filter_shape,
    filter_slots,
    filter_with_slots,
    sample,
)
from koko_offers.offer.text_search import SearchText
from koko_offers.offer.visibility import ReadScope
from koko_shared.pagination import PageRequest

KeysetSelect = Callable[
    [OfferCriteria, ReadScope, OfferOrder, PageRequest, Sequence[Any] | None, frozenset[Relation]],
    Select[Any],
]

KEYSET_PAGES = StatementCache()

_CURSOR = "cursor."


def keyset_template(
    session: AsyncSession,
    criteria: OfferCriteria,
    scope: ReadScope,
    text: SearchText | None,
    order: OfferOrder,
    request: PageRequest,
    values: Sequence[Any] | None,
    wanted: frozenset[Relation],
    build: KeysetSelect,
) -> tuple[Template, Slots] | None:
    """The cached statement of this page's shape (with the `wanted` relations of its offers)
    and the request's slots for it; None when the page is built per request (a search, a
    circle, or a shape found not to be cacheable)."""
    shape = _shape(criteria, scope, text, order, request, wanted)
    if shape is None:
        return None
    slots = _slots(criteria, request, values)

    def from_slots(given: Slots) -> Select[Any]:
        sample_request = dataclasses.replace(request, size=given[LIMIT] - 1)
        cursor = [given[f"{_CURSOR}{i}"] for i in range(len(values))] if values else None
        return build(
            filter_with_slots(criteria, given), scope, order, sample_request, cursor, wanted
        )

    template = KEYSET_PAGES.template(
        session.get_bind().dialect,
        shape,
        from_slots,
        lambda: (sample(slots, 0), sample(slots, 1)),
    )
    return (template, slots) if template is not None else None


def _shape(
    criteria: OfferCriteria,
    scope: ReadScope,
    text: SearchText | None,
    order: OfferOrder,
    request: PageRequest,
    wanted: frozenset[Relation],
) -> Hashable | None:
    if text is not None or criteria.search is not None:
        return None
    given = filter_shape(criteria)
    if given is None:
        return None
    return (order, scope, request.backward, request.cursor is not None, wanted, given)


def _slots(criteria: OfferCriteria, request: PageRequest, values: Sequence[Any] | None) -> Slots:
    slots = filter_slots(criteria)
    slots[LIMIT] = request.size + 1
    for index, value in enumerate(values or ()):
        slots[f"{_CURSOR}{index}"] = value
    return slots
