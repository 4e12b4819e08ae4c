"""Disclosure control applied to every published aggregate.

1. Primary suppression: a count below the study's threshold (default 3, zero included) is not
   shown.
2. Consistent rounding: every shown count is rounded to a multiple of the study's rounding base
   (default 5, never below the threshold), the same way in every query. Any sum or difference of
   published counts is therefore a multiple of the base as well, so subtracting cells from a
   total, or one breakdown from an overlapping one, can never yield a suppressed count.
3. Rates only over a denominator of at least 10 (configurable), computed from the rounded counts
   so a rate reveals no more than the counts do.
"""

from __future__ import annotations

from dataclasses import dataclass

from koko_surveys.study.models import Study


@dataclass(frozen=True, slots=True)
class DisclosurePolicy:
    min_cell_count: int = 3
    rounding_base: int = 5
    min_rate_denominator: int = 10

    @classmethod
    def of(cls, study: Study) -> DisclosurePolicy:
        return cls(study.min_cell_count, study.rounding_base, study.min_rate_denominator)

    @classmethod
    def strictest(cls, studies: list[Study]) -> DisclosurePolicy:
        if not studies:
            return cls()
        return cls(
            max(s.min_cell_count for s in studies),
            max(s.rounding_base for s in studies),
            max(s.min_rate_denominator for s in studies),
        )

    def count(self, true_count: int) -> int | None:
        """The count as published, None when suppressed."""
        if true_count < self.min_cell_count:
            return None
        base = self.rounding_base
        rounded = ((true_count + base // 2) // base) * base
        return max(rounded, base)

    def rate(
        self, numerator: int | None, denominator: int | None, true_denominator: int
    ) -> float | None:
        if numerator is None or denominator is None or denominator == 0:
            return None
        if true_denominator < self.min_rate_denominator:
            return None
        return round(min(numerator / denominator, 1.0), 3)
