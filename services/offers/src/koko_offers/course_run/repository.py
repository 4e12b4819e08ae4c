"""Every query on the course_run table: runs of offers, the `courseRuns` listing, and the supply
of language courses per region."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    ScalarSelect,
    String,
    Uuid,
    column,
    func,
    or_,
    table,
    text,
    values,
)
from sqlalchemy import select as core_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.course_run.models import CourseRun
from koko_offers.course_run.registration import accepts_registrations_clause
from koko_offers.course_type.models import CourseType, start_level
from koko_offers.offer import criteria as offer_criteria
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.offer.visibility import ReadScope
from koko_offers.region import repository as region_repository
from koko_shared.pagination import Page, PageRequest, keyset_page

# The supply of a region counts runs starting within this many days (the contract says 26 weeks).
SUPPLY_WINDOW = timedelta(weeks=26)
LANGUAGE_COURSE_FAMILIES = ("integration_course", "job_language_course")
# Kept by triggers on course_run and offer (migration 0017), read only here.
SUPPLY = table(
    "course_run_supply",
    column("start_date", Date),
    column("region_ars", String),
    column("course_type_id", Uuid),
    column("open_until", Date),
    column("starts", Integer),
    column("free_seats", BigInteger),
)


@dataclass(frozen=True, slots=True)
class CourseRunCriteria:
    region_ars: str | None = None
    offer_ids: Sequence[UUID] = ()
    course_type_codes: Sequence[str] = ()
    levels: Sequence[str] = ()
    area_codes: Sequence[str] = ()
    starts_from: date | None = None
    starts_to: date | None = None
    has_free_seats: bool | None = None
    childcare: bool | None = None
    statuses: Sequence[str] = ()
    today: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class SupplyRow:
    course_type_code: str
    level: str
    start_level: str
    upcoming_starts: int
    free_seats: int


async def get_many(
    session: AsyncSession, run_ids: Sequence[UUID], scope: ReadScope
) -> dict[UUID, CourseRun]:
    """The runs among `run_ids` whose offer the scope may read."""
    rows = await session.execute(
        select(CourseRun)
        .join(Offer, col(Offer.id) == col(CourseRun.offer_id))
        .where(col(CourseRun.id).in_(list(run_ids)), offer_repository.readable(scope))
    )
    return {run.id: run for run in rows.scalars()}


async def for_offers(
    session: AsyncSession, offer_ids: Sequence[UUID], *, ending_from: date | None
) -> dict[UUID, list[CourseRun]]:
    """Runs of each offer by start date; with `ending_from`, only runs not over by that day."""
    query = select(CourseRun).where(col(CourseRun.offer_id).in_(list(offer_ids)))
    if ending_from is not None:
        query = query.where(
            or_(
                col(CourseRun.end_date) >= ending_from,
                col(CourseRun.end_date).is_(None) & (col(CourseRun.start_date) >= ending_from),
            ),
            col(CourseRun.status) != "finished",
        )
    rows = await session.execute(query.order_by(col(CourseRun.start_date), col(CourseRun.id)))
    grouped: dict[UUID, list[CourseRun]] = defaultdict(list)
    for run in rows.scalars():
        grouped[run.offer_id].append(run)
    return grouped


async def next_starts(
    session: AsyncSession, offer_ids: Sequence[UUID], today: date
) -> dict[UUID, date]:
    """Per offer, the first start from `today` on of a run that is neither cancelled nor
    finished: one aggregate over the (offer_id, start_date) index instead of loading every
    current run (an offer may have dozens)."""
    if not offer_ids:
        return {}
    rows = await session.execute(
        core_select(col(CourseRun.offer_id), func.min(col(CourseRun.start_date)))
        .where(col(CourseRun.offer_id).in_(list(offer_ids)), *_upcoming(today))
        .group_by(col(CourseRun.offer_id))
    )
    return {offer_id: start for offer_id, start in rows.all()}


def next_start_of(offer_id: ColumnElement[UUID], today: date) -> ScalarSelect[date]:
    """`next_starts` of one offer as a scalar subquery correlated to the `offer_id` column of
    an outer query (NULL without such a run)."""
    return (
        core_select(func.min(col(CourseRun.start_date)))
        .where(col(CourseRun.offer_id) == offer_id, *_upcoming(today))
        .scalar_subquery()
    )


def _upcoming(today: date) -> list[ColumnElement[bool]]:
    """The runs that count as an offer's next start: from `today` on, neither cancelled nor
    finished."""
    return [
        col(CourseRun.start_date) >= today,
        col(CourseRun.status).not_in(["cancelled", "finished"]),
    ]


def _conditions(criteria: CourseRunCriteria, scope: ReadScope) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [offer_repository.readable(scope)]
    if criteria.region_ars:
        conditions.append(region_repository.within(col(CourseRun.region_ars), criteria.region_ars))
    if criteria.offer_ids:
        conditions.append(col(CourseRun.offer_id).in_(list(criteria.offer_ids)))
    if criteria.course_type_codes or criteria.levels:
        conditions.append(
            col(Offer.course_type_id).in_(
                offer_criteria.course_type_ids(criteria.course_type_codes, criteria.levels)
            )
        )
    if criteria.area_codes:
        locations = offer_criteria.area_location_ids(criteria.area_codes, criteria.region_ars)
        conditions.append(
            func.coalesce(col(CourseRun.location_id), col(Offer.location_id)).in_(locations)
        )
    if criteria.starts_from is not None:
        conditions.append(col(CourseRun.start_date) >= criteria.starts_from)
    if criteria.starts_to is not None:
        conditions.append(col(CourseRun.start_date) <= criteria.starts_to)
    if criteria.has_free_seats is not None:
        free = accepts_registrations_clause(criteria.today) & or_(
            col(CourseRun.free_seats) > 0, col(CourseRun.capacity_max).is_(None)
        )
        conditions.append(free if criteria.has_free_seats else ~free)
    if criteria.childcare is not None:
        conditions.append(
            or_(col(CourseRun.childcare), col(Offer.childcare))
            if criteria.childcare
            else ~(col(CourseRun.childcare) | col(Offer.childcare))
        )
    if criteria.statuses:
        conditions.append(col(CourseRun.status).in_(list(criteria.statuses)))
    return conditions


async def page(
    session: AsyncSession,
    criteria: CourseRunCriteria,
    scope: ReadScope,
    request: PageRequest,
) -> Page[CourseRun]:
    """Runs by start date, then id."""
    query = (
        select(CourseRun)
        .join(Offer, col(Offer.id) == col(CourseRun.offer_id))
        .where(*_conditions(criteria, scope))
    )
    keys = [col(CourseRun.start_date), col(CourseRun.id)]
    values = request.decode(date.fromisoformat, UUID)
    rows = await session.execute(keyset_page(query, keys, [False, False], request, values))
    runs = list(rows.scalars())
    return Page.from_overfetch(runs, [(r.start_date, str(r.id)) for r in runs], request)


async def count(session: AsyncSession, criteria: CourseRunCriteria, scope: ReadScope) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(CourseRun)
        .join(Offer, col(Offer.id) == col(CourseRun.offer_id))
        .where(*_conditions(criteria, scope))
    )
    return int(result.scalar_one())


async def language_course_supply(
    session: AsyncSession, region_ars_list: Sequence[str], today: date, on: date | None = None
) -> dict[str, list[SupplyRow]]:
    """Per region (and everything inside it), per course type with its CEFR target and start
    level: published language course runs starting within the 26 weeks from `on` (default
    today) that accept registrations on that day, and the free seats summed over them. One
    query for all regions, on the sums the writes keep in `course_run_supply` (migration 0017:
    per start day, region, course type and last day of registration; runs not cancelled of
    published offers). For a day before `today` the registration state of that day is not
    stored: the runs then are those not cancelled (free seats as last reported)."""
    on = on or today
    if not region_ars_list:
        return {}
    regions = values(
        column("ars", String), column("low", String), column("high", String), name="asked"
    ).data([(ars, *region_repository.ars_range(ars)) for ars in dict.fromkeys(region_ars_list)])
    # From today on: the runs taking registrations on that day (`registration_open_until`,
    # -infinity in the sums when a run takes none); before today: every run not cancelled.
    registrations = [SUPPLY.c.open_until >= on] if on >= today else []
    query = (
        core_select(
            regions.c.ars,
            col(CourseType.code),
            col(CourseType.target_level),
            col(CourseType.entry_level),
            func.sum(SUPPLY.c.starts),
            # Runs without a maximum add no seats (unlimited seats cannot be added up); they
            # still count as starts.
            func.sum(SUPPLY.c.free_seats),
        )
        .select_from(SUPPLY)
        .join(regions, SUPPLY.c.region_ars.between(regions.c.low, regions.c.high))
        .join(CourseType, col(CourseType.id) == SUPPLY.c.course_type_id)
        .where(
            col(CourseType.family).in_(LANGUAGE_COURSE_FAMILIES),
            col(CourseType.target_level).is_not(None),
            SUPPLY.c.start_date >= on,
            SUPPLY.c.start_date <= on + SUPPLY_WINDOW,
            *registrations,
        )
        .group_by(
            regions.c.ars,
            col(CourseType.code),
            col(CourseType.target_level),
            col(CourseType.entry_level),
        )
        .having(func.sum(SUPPLY.c.starts) > 0)
        .order_by(regions.c.ars, col(CourseType.target_level), col(CourseType.code))
    )
    supply: dict[str, list[SupplyRow]] = {ars: [] for ars in region_ars_list}
    for ars, code, level, entry, starts, seats in (await session.execute(query)).all():
        supply[ars].append(SupplyRow(code, level, start_level(entry), int(starts), int(seats)))
    return supply


# --- writes -------------------------------------------------------------------------------------

# The supply sums of every run, as the triggers of migration 0017 keep them row by row.
_REBUILD_SUPPLY = (
    text("DELETE FROM course_run_supply"),
    text(
        """
        INSERT INTO course_run_supply
               (start_date, region_ars, course_type_id, open_until, starts, free_seats)
        SELECT r.start_date, r.region_ars, o.course_type_id,
               COALESCE(r.registration_open_until, '-infinity'::date),
               count(*), sum(COALESCE(r.free_seats, 0))
          FROM course_run AS r JOIN offer AS o ON o.id = r.offer_id
         WHERE o.status = 'published' AND o.course_type_id IS NOT NULL
           AND r.status <> 'cancelled'
         GROUP BY 1, 2, 3, 4
        """
    ),
)


async def rebuild_supply(session: AsyncSession) -> None:
    """Compute `course_run_supply` afresh from all runs: after a bulk load that bypassed the
    triggers keeping it (koko_offers.generator.bulk)."""
    for statement in _REBUILD_SUPPLY:
        await session.execute(statement)


# Every offer's last day of registration with free seats, from all its runs in one pass (the
# condition of migration 0016's koko_refresh_free_seats_until, which reads offers one by one).
_FILL_FREE_SEATS_UNTIL = text(
    """
    UPDATE offer AS o
       SET free_seats_until = fresh.until
      FROM (SELECT r.offer_id,
                   max(r.registration_open_until) FILTER (
                       WHERE r.registration_open_until IS NOT NULL
                         AND (r.free_seats > 0 OR r.capacity_max IS NULL)) AS until
              FROM course_run AS r GROUP BY r.offer_id) AS fresh
     WHERE o.id = fresh.offer_id AND o.free_seats_until IS DISTINCT FROM fresh.until
    """
)


async def fill_free_seats_until(session: AsyncSession) -> None:
    """Set every offer's `free_seats_until` from its runs, as the run triggers do one write at
    a time: after a bulk load that bypassed them (koko_offers.generator.bulk)."""
    await session.execute(_FILL_FREE_SEATS_UNTIL)


async def lock(session: AsyncSession, course_run_id: UUID) -> CourseRun | None:
    """The row, locked until the transaction ends (FOR UPDATE), with fresh values."""
    result = await session.execute(
        select(CourseRun)
        .where(col(CourseRun.id) == course_run_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: CourseRun) -> CourseRun:
    """Write a new or changed row and read back what the database computed."""
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row
