"""Course planning rules: group the runs of a window into starts, find gaps and clashes, sum up
utilisation. Only coordinators (and admins) of the region may plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.planning import repository
from koko_offers.planning.repository import PlannedRun
from koko_offers.region import repository as region_repository
from koko_offers.region.settings import (
    Expectation,
    PlanningSettings,
    planning_settings,
    region_settings,
)
from koko_shared.auth.actor import Actor, Role, ars_prefix
from koko_shared.errors import InvalidInput, NotFound, PermissionDenied

MAX_WINDOW_DAYS = 2 * 366
# Default expectations look this far back for levels that had starts in the region.
HISTORY_DAYS = 365


@dataclass(frozen=True, slots=True)
class Place:
    """Where starts are expected: an area (Stadtteil) or, outside areas, a town."""

    area_code: str | None
    area_name: str | None
    town: str | None

    @classmethod
    def of(cls, run: PlannedRun) -> Place:
        if run.area_code is not None:
            return cls(run.area_code, run.area_name, None)
        return cls(None, None, run.town)


@dataclass(frozen=True, slots=True)
class StartGroup:
    course_type_code: str
    course_type_label: str
    level: str | None
    place: Place
    runs: list[PlannedRun]


@dataclass(frozen=True, slots=True)
class Gap:
    expectation: Expectation
    place: Place
    gap_from: date
    gap_to: date
    last_start: date | None
    next_start: date | None

    @property
    def weeks(self) -> int:
        return (self.gap_to - self.gap_from).days // 7


@dataclass(frozen=True, slots=True)
class Clash:
    course_type_code: str
    course_type_label: str
    level: str | None
    town: str
    week_start: date
    runs: list[PlannedRun]

    @property
    def provider_names(self) -> list[str]:
        return sorted({r.provider_name for r in self.runs})


@dataclass(frozen=True, slots=True)
class Utilisation:
    course_type_code: str
    course_type_label: str
    level: str | None
    place: Place
    runs: int
    capacity_max: int
    seats_booked: int
    free_seats: int
    waitlist_length: int
    # Runs without a seat maximum: never full, so they are left out of the seat sums above.
    unlimited_runs: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.seats_booked / self.capacity_max, 4) if self.capacity_max else None


@dataclass(frozen=True, slots=True)
class CoursePlan:
    region_ars: str
    start: date
    end: date
    settings: PlanningSettings
    starts: list[StartGroup] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    utilisation: list[Utilisation] = field(default_factory=list)


async def plan(
    session: AsyncSession, actor: Actor, *, region_ars: str, start: date, end: date
) -> CoursePlan:
    if not actor.has_role(Role.COORDINATOR, region_ars):
        raise PermissionDenied("only coordinators of this region can plan courses")
    if end < start:
        raise InvalidInput("'to' must not be before 'from'", field="to")
    if (end - start).days > MAX_WINDOW_DAYS:
        raise InvalidInput("the planning window may span at most two years", field="to")
    if await region_repository.get(session, region_ars) is None:
        raise NotFound("region {ars} does not exist", field="regionArs", params={"ars": region_ars})
    settings = planning_settings(await region_settings(session, region_ars))
    prefix = ars_prefix(region_ars)
    # Starts of the past year tell where (and which levels) courses are expected by default.
    history = await repository.language_course_runs(
        session, region_prefix=prefix, start=start - timedelta(days=HISTORY_DAYS), end=end
    )
    runs = [r for r in history if r.start_date >= start]
    expected = settings.expected
    if expected is None:
        levels = sorted(
            {r.level for r in history if r.course_type_family == "integration_course" and r.level}
        )
        expected = tuple(Expectation(family="integration_course", level=lvl) for lvl in levels)
    configured = await _configured_places(session, prefix, settings)
    return CoursePlan(
        region_ars=region_ars,
        start=start,
        end=end,
        settings=settings,
        starts=group_starts(runs),
        gaps=find_gaps(
            runs,
            expected,
            configured if configured is not None else _places_with_starts(history),
            start=start,
            end=end,
            weeks=settings.gap_weeks,
            history=None if configured is not None else _by_place(history),
        ),
        clashes=find_clashes(runs, min_providers=settings.clash_min_providers),
        utilisation=sum_utilisation(runs),
    )


async def _configured_places(
    session: AsyncSession, prefix: str, settings: PlanningSettings
) -> list[Place] | None:
    """The areas (codes) or towns a region listed in `planning.areas`, if it did."""
    if settings.areas is None:
        return None
    areas = await repository.areas(session, region_prefix=prefix)
    wanted = set(settings.areas)
    return [Place(a.code, a.name, None) for a in areas if a.code in wanted] + [
        Place(None, None, t) for t in sorted(wanted - {a.code for a in areas})
    ]


def _places_with_starts(history: list[PlannedRun]) -> list[Place]:
    """By default a start is expected where such courses started within the past year."""
    return sorted({Place.of(r) for r in history}, key=_place_sort)


def _by_place(runs: list[PlannedRun]) -> dict[Place, list[PlannedRun]]:
    grouped: dict[Place, list[PlannedRun]] = defaultdict(list)
    for run in runs:
        grouped[Place.of(run)].append(run)
    return grouped


def _type_key(run: PlannedRun) -> tuple[str, str | None]:
    return (run.course_type_code, run.level)


def group_starts(runs: list[PlannedRun]) -> list[StartGroup]:
    grouped: dict[tuple[str, str | None, Place], list[PlannedRun]] = defaultdict(list)
    for run in runs:
        grouped[(*_type_key(run), Place.of(run))].append(run)
    return [
        StartGroup(code, group[0].course_type_label, level, place, group)
        for (code, level, place), group in sorted(
            grouped.items(),
            key=lambda item: (item[0][0], item[0][1] or "", _place_sort(item[0][2])),
        )
    ]


def _place_sort(place: Place) -> tuple[str, str]:
    return (place.area_code or "", place.town or "")


def _matches(run: PlannedRun, expectation: Expectation) -> bool:
    return (
        expectation.course_type_code in (None, run.course_type_code)
        and expectation.family in (None, run.course_type_family)
        and expectation.level in (None, run.level)
    )


def find_gaps(
    runs: list[PlannedRun],
    expected: tuple[Expectation, ...],
    places: list[Place],
    *,
    start: date,
    end: date,
    weeks: int,
    history: dict[Place, list[PlannedRun]] | None = None,
) -> list[Gap]:
    """Periods of `weeks` weeks or more inside [start, end] without a matching start in a place
    where one is expected (before the first start, between starts, after the last)."""
    limit = timedelta(weeks=weeks)
    by_place: dict[Place, list[PlannedRun]] = defaultdict(list)
    for run in runs:
        by_place[Place.of(run)].append(run)
    gaps: list[Gap] = []
    for place in places:
        for expectation in expected:
            if history is not None and not any(
                _matches(r, expectation) for r in history.get(place, [])
            ):
                continue  # no such course here in the past year: none is expected
            matching = [r for r in by_place.get(place, []) if _matches(r, expectation)]
            dates = sorted({r.start_date for r in matching})
            previous: date | None = None
            cursor = start
            for day in [*dates, None]:
                until = day if day is not None else end
                if until - cursor >= limit:
                    gaps.append(Gap(expectation, place, cursor, until, previous, day))
                if day is not None:
                    previous, cursor = day, day
    return gaps


def find_clashes(runs: list[PlannedRun], *, min_providers: int) -> list[Clash]:
    """Several providers starting the same course type and level in the same town and ISO week."""
    grouped: dict[tuple[str, str | None, str, date], list[PlannedRun]] = defaultdict(list)
    for run in runs:
        if run.town is None:
            continue
        week_start = run.start_date - timedelta(days=run.start_date.isoweekday() - 1)
        grouped[(*_type_key(run), run.town, week_start)].append(run)
    clashes = [
        Clash(code, group[0].course_type_label, level, town, week_start, group)
        for (code, level, town, week_start), group in grouped.items()
        if len({r.provider_id for r in group}) >= min_providers
    ]
    return sorted(clashes, key=lambda c: (c.week_start, c.course_type_code, c.level or "", c.town))


def sum_utilisation(runs: list[PlannedRun]) -> list[Utilisation]:
    grouped: dict[tuple[str, str | None, Place], list[PlannedRun]] = defaultdict(list)
    for run in runs:
        grouped[(*_type_key(run), Place.of(run))].append(run)
    result = []
    for (code, level, place), group in grouped.items():
        with_capacity = [r for r in group if r.capacity_max is not None]
        result.append(
            Utilisation(
                course_type_code=code,
                course_type_label=group[0].course_type_label,
                level=level,
                place=place,
                runs=len(group),
                capacity_max=sum(r.capacity_max or 0 for r in with_capacity),
                seats_booked=sum(r.seats_booked for r in with_capacity),
                free_seats=sum(r.free_seats or 0 for r in with_capacity),
                waitlist_length=sum(r.waitlist_length for r in group),
                unlimited_runs=len(group) - len(with_capacity),
            )
        )
    return sorted(result, key=lambda u: (u.course_type_code, u.level or "", _place_sort(u.place)))
