"""Disclosure control applied to every published aggregate, in this order:

1. Threshold suppression: a cell whose true count is below the study's threshold (default 3,
   never below 3) is secret (`.`), zero included, so an empty cell looks exactly like a cell of
   one or two people.
2. Cell key method: every other count is published as true count + a perturbation read from the
   fixed table in `ptable` by (true count, cell key). The cell key is derived from the records in
   the cell, so the same cell shows the same value in every query and every release; margins are
   cells of their own. A perturbed count that falls below the threshold is secret too.
3. Rates only over a true denominator of at least 10 (configurable), computed from the perturbed
   counts so a rate reveals no more than the counts do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from koko_surveys.analytics.ptable import perturbed
from koko_surveys.study.models import Study


class Sign(Enum):
    """How a published figure is marked (the signs of official statistics)."""

    VALUE = "value"
    SECRET = "."  # below the threshold, zero included, or secondarily suppressed
    NOTHING = "–"  # no figure exists: nothing released yet for this reader


@dataclass(frozen=True, slots=True)
class Count:
    """A count as it was measured: the number of records and the key of their cell."""

    true: int
    key: int = 0


@dataclass(frozen=True, slots=True)
class DisclosurePolicy:
    min_cell_count: int = 3
    min_rate_denominator: int = 10

    @classmethod
    def of(cls, study: Study) -> DisclosurePolicy:
        return cls(study.min_cell_count, study.min_rate_denominator)

    @classmethod
    def strictest(cls, studies: list[Study]) -> DisclosurePolicy:
        if not studies:
            return cls()
        return cls(
            max(s.min_cell_count for s in studies),
            max(s.min_rate_denominator for s in studies),
        )

    def count(self, cell: Count) -> int | None:
        """The count as published, None when secret."""
        if cell.true < self.min_cell_count:
            return None
        value = perturbed(cell.true, cell.key)
        return value if value >= self.min_cell_count else None

    def rate(
        self, numerator: int | None, denominator: int | None, true_denominator: int
    ) -> float | None:
        if numerator is None or denominator is None or denominator == 0:
            return None
        if true_denominator < self.min_rate_denominator:
            return None
        return round(min(numerator / denominator, 1.0), 3)
