"""The shape and slots (`offer.statement_cache`) of a filter and of a prepared search: what the
cached statements of keyset pages (`offer.search_statements`) and of facet counts
(`offer.facets`) have in common.

A filter's shape: which criteria are given and the value of the yes/no criteria (they change
the SQL); its slots: every other criterion's value (codes, region, dates, providers, statuses,
today) and the region's last ARS (`region.repository.within` binds a range). A filter with a
circle has no shape (built per request). The search text of the criteria is no part of either:
its prepared search (`text_search.SearchText`) is.

A search's shape: per reading its number of words and its weight, in order (the readings of
synonyms, labels and corrected typos decide the SQL of its text query, the weights its tiers);
its slots: the words of every reading. Two searches whose readings have the same numbers of
words and the same weights share a statement with their own words bound."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from koko_offers.offer.criteria import OfferCriteria
from koko_offers.offer.statement_cache import Slots
from koko_offers.offer.text_search import Reading, SearchText
from koko_offers.region import repository as region_repository

_FIELDS = tuple(f.name for f in dataclasses.fields(OfferCriteria) if f.name != "search")
_CRITERION = "criteria."
_REGION_LAST = "region_ars.last"
_WORD = "search."
# A row limit: sampled as small numbers (a page's size is bounded), not as made-up tags.
LIMIT = "limit"
# Two sets of made-up region keys for finding a template: ARS with trailing zero levels, so that
# the first and last ARS within them differ (as for real regions).
_SAMPLE_REGIONS = ("159990000000", "158880000000")


def filter_shape(criteria: OfferCriteria) -> Hashable | None:
    """Which criteria are given (and the yes/no ones' values); None for a filter built per
    request (a circle, or a criterion this module does not know how to bind)."""
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
            return None
    return tuple(given)


def filter_slots(criteria: OfferCriteria) -> dict[str, Any]:
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
    return slots


def filter_with_slots(criteria: OfferCriteria, given: Slots) -> OfferCriteria:
    """`criteria` with the criteria slots' values of `given`."""
    return dataclasses.replace(
        criteria,
        **{k.removeprefix(_CRITERION): v for k, v in given.items() if k.startswith(_CRITERION)},
    )


def search_shape(text: SearchText | None) -> Hashable:
    if text is None:
        return None
    return tuple((len(reading.words), reading.weight) for reading in text.readings)


def search_slots(text: SearchText | None) -> dict[str, Any]:
    if text is None:
        return {}
    return {
        f"{_WORD}{number}.{position}": word
        for number, reading in enumerate(text.readings)
        for position, word in enumerate(reading.words)
    }


def search_with_slots(text: SearchText | None, given: Slots) -> SearchText | None:
    """`text` with the words of `given` in its readings."""
    if text is None:
        return None
    readings = tuple(
        Reading(
            tuple(given[f"{_WORD}{number}.{position}"] for position in range(len(reading.words))),
            reading.weight,
        )
        for number, reading in enumerate(text.readings)
    )
    return dataclasses.replace(text, readings=readings, corrections=())


def sample(slots: Slots, which: int) -> Slots:
    """Made-up slots of the same types, different from the other sample's (`which` 0 or 1) in
    every slot and from each other."""
    made_up: dict[str, Any] = {}
    for number, (name, value) in enumerate(slots.items(), start=1):
        tag = 1000 * which + number
        if name == _REGION_LAST:
            continue
        if name == f"{_CRITERION}region_ars":
            made_up[name] = _SAMPLE_REGIONS[which]
            _, made_up[_REGION_LAST] = region_repository.ars_range(_SAMPLE_REGIONS[which])
        elif name == LIMIT:
            made_up[name] = 7 + 2 * which + 1
        elif isinstance(value, list):
            made_up[name] = [_made_up(value[0], tag)]
        else:
            made_up[name] = _made_up(value, tag)
    return made_up


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
