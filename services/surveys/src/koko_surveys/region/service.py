"""What surveys knows about a region: the language-course gap (demand against the offers'
supply) and the studies run in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from koko_surveys.analytics.regional import CEFR_LEVELS, DemandResult


@dataclass(frozen=True, slots=True)
class Supply:
    """Offers' supply of one course type in the region (from `Region.supply`)."""

    start_level: str
    upcoming_starts: int
    free_seats: int


@dataclass(frozen=True, slots=True)
class Gap:
    level: str
    demand: int | None
    free_seats: int
    upcoming_starts: int

    @property
    def gap(self) -> int | None:
        return None if self.demand is None else self.demand - self.free_seats


def language_course_gap(
    demand_results: Sequence[DemandResult], supply: Sequence[Supply]
) -> list[Gap]:
    """Demand against supply per CEFR level. Demand counts newcomers by the level they need to
    learn next, so supply counts courses by the level learners begin at (`startLevel`), not the
    level a course leads to: an integration course leads to B1 but is where A1 learners start.
    A level appears when it has demand or supply."""
    demand = {r.level: r.newcomers for r in demand_results}
    seats: dict[str, int] = {}
    starts: dict[str, int] = {}
    for item in supply:
        seats[item.start_level] = seats.get(item.start_level, 0) + item.free_seats
        starts[item.start_level] = starts.get(item.start_level, 0) + item.upcoming_starts
    return [
        Gap(
            level=level,
            demand=demand.get(level),
            free_seats=seats.get(level, 0),
            upcoming_starts=starts.get(level, 0),
        )
        for level in CEFR_LEVELS
        if level in demand or level in seats
    ]
