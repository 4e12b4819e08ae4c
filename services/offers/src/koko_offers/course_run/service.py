"""Rules of writing course runs: dates and schedule, seats (booked seats never exceed the
capacity: further registrations go on the waitlist), cancellation. Never commits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from itertools import islice
from typing import Any
from uuid import UUID

from dateutil.rrule import rrule, rrulestr
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns, merged, values_of
from koko_offers.course_run import repository
from koko_offers.course_run.models import COURSE_RUN_STATUSES, TIMES_OF_DAY, CourseRun
from koko_offers.errors import Violations, invalid, not_found
from koko_offers.location import repository as location_repository
from koko_offers.offer import repository as offer_repository
from koko_offers.validation import (
    check_code_list,
    check_lengths,
    check_non_negative,
    check_time_slots,
)
from koko_shared.auth.actor import Actor, ars_covers
from koko_shared.database.columns import utcnow

MAX_SEATS = 10_000
MAX_OCCURRENCES = 1_000
# Sub-daily repetition makes no course schedule, and lets a short rule expand without bound.
_REFUSED_FREQUENCIES = ("SECONDLY", "MINUTELY", "HOURLY")
# Status changes through courseRunCancel only.
SETTABLE_STATUSES = tuple(s for s in COURSE_RUN_STATUSES if s != "cancelled")
SEATS = ("capacity_max", "seats_booked", "waitlist_length")


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    """Lessons on one ISO weekday (1 = Monday), local time HH:MM."""

    weekday: int
    starts: str
    ends: str


@dataclass(frozen=True, slots=True)
class NewCourseRun:
    """A run of an offer to create (offer and location are named beside it)."""

    start_date: date
    end_date: date | None = None
    registration_deadline: date | None = None
    rolling_entry: bool = False
    schedule_rrule: str | None = None
    weekly_slots: list[WeeklySlot] = field(default_factory=list)
    time_of_day: str = "part_time"
    capacity_max: int | None = None
    seats_booked: int = 0
    waitlist_length: int = 0
    childcare: bool = False
    status: str = "planned"


@dataclass(frozen=True, slots=True)
class CourseRunChange:
    """The fields of a run to change (seats change with `SeatsChange`); UNSET ones stay as
    they are, None clears."""

    start_date: date | Unset = UNSET
    end_date: date | Unset | None = UNSET
    registration_deadline: date | Unset | None = UNSET
    rolling_entry: bool | Unset = UNSET
    schedule_rrule: str | Unset | None = UNSET
    weekly_slots: list[WeeklySlot] | Unset = UNSET
    time_of_day: str | Unset = UNSET
    childcare: bool | Unset = UNSET
    status: str | Unset = UNSET


@dataclass(frozen=True, slots=True)
class SeatsChange:
    """Seats as the provider reports them now; UNSET ones stay as they are."""

    capacity_max: int | Unset | None = UNSET
    seats_booked: int | Unset = UNSET
    waitlist_length: int | Unset = UNSET


@dataclass(frozen=True, slots=True)
class RunValues:
    """The dates and seats of a stored run after a change (or of a new run), for the rules
    that span fields."""

    start_date: date
    end_date: date | None
    registration_deadline: date | None
    rolling_entry: bool
    schedule_rrule: str | None
    capacity_max: int | None
    seats_booked: int
    waitlist_length: int


def _values(run: NewCourseRun | CourseRunChange) -> dict[str, Any]:
    """Column values; weekly slots as stored (a list of JSON objects)."""
    values = columns(run)
    if run.weekly_slots is not UNSET:
        values["weekly_slots"] = [asdict(slot) for slot in run.weekly_slots]
    return values


def check_rrule(
    problems: Violations, field: str, value: str, start_date: date, end_date: date | None
) -> None:
    """One RFC 5545 RRULE (with or without the `RRULE:` prefix) that repeats at most four times
    a day (no SECONDLY, MINUTELY, HOURLY or BYSECOND; BYHOUR x BYMINUTE at most 4) and ends: by
    COUNT, UNTIL or the run's end date, within MAX_OCCURRENCES."""
    body = value.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    if not body or any(c in body for c in "\r\n:"):
        problems.invalid(field, "invalid_rrule", reason="one RRULE line expected")
        return
    parts: dict[str, str] = {}
    for part in body.upper().split(";"):
        name, _, setting = part.partition("=")
        parts[name.strip()] = setting.strip()
    dtstart = datetime.combine(start_date, time())
    try:
        parsed = rrulestr(body, dtstart=dtstart)
    except Exception as exc:  # dateutil raises ValueError, TypeError, KeyError ... on bad input
        problems.invalid(field, "invalid_rrule", reason=str(exc)[:120] or type(exc).__name__)
        return
    if not isinstance(parsed, rrule):
        problems.invalid(field, "invalid_rrule", reason="one RRULE expected")
        return
    frequency = parts.get("FREQ", "")
    per_day = len(parts.get("BYHOUR", "0").split(",")) * len(parts.get("BYMINUTE", "0").split(","))
    if frequency in _REFUSED_FREQUENCIES or "BYSECOND" in parts or per_day > 4:
        problems.invalid(field, "rrule_frequency", value=frequency[:20])
        return
    if "COUNT" not in parts and "UNTIL" not in parts:
        if end_date is None:
            problems.invalid(field, "rrule_unbounded")
            return
        parsed = parsed.replace(until=datetime.combine(end_date, time.max))
    if sum(1 for _ in islice(parsed, MAX_OCCURRENCES + 1)) > MAX_OCCURRENCES:
        problems.invalid(field, "rrule_count", limit=MAX_OCCURRENCES)


def _check(problems: Violations, run: NewCourseRun | CourseRunChange, after: RunValues) -> None:
    """Checks of the input (`run`) together with the stored values it does not change
    (`after`: the run's dates and seats once changed)."""
    check_lengths(problems, CourseRun, columns(run))
    if run.time_of_day is not UNSET:
        check_code_list(problems, "timeOfDay", run.time_of_day, TIMES_OF_DAY)
    if run.status is not UNSET:
        check_code_list(problems, "status", run.status, SETTABLE_STATUSES)
    if run.weekly_slots is not UNSET:
        slots = [asdict(slot) for slot in run.weekly_slots]
        check_time_slots(problems, "weeklySlots", slots, "starts", "ends")
    start, end, deadline = after.start_date, after.end_date, after.registration_deadline
    if end is not None and end < start:
        problems.invalid("endDate", "end_before_start")
    if deadline is not None and deadline > start and not after.rolling_entry:
        problems.invalid("registrationDeadline", "deadline_after_start")
    if after.schedule_rrule and not problems.has("endDate") and not problems.has("scheduleRrule"):
        check_rrule(problems, "scheduleRrule", after.schedule_rrule, start, end)
    _check_seats(problems, after)


def _check_seats(problems: Violations, after: RunValues) -> None:
    check_non_negative(problems, "capacityMax", after.capacity_max, MAX_SEATS)
    check_non_negative(problems, "seatsBooked", after.seats_booked, MAX_SEATS)
    check_non_negative(problems, "waitlistLength", after.waitlist_length, MAX_SEATS)
    capacity, booked = after.capacity_max, after.seats_booked
    if (
        capacity is not None
        and not problems.has("capacityMax")
        and not problems.has("seatsBooked")
        and booked > capacity
    ):
        problems.invalid("seatsBooked", "seats_exceed_capacity", booked=booked, capacity=capacity)


async def _location_id(
    session: AsyncSession, actor: Actor, region_ars: str, location_id: UUID | None
) -> dict[str, Any]:
    if location_id is None:
        return {}
    location = (await location_repository.get_many(session, [location_id])).get(location_id)
    if location is None:
        raise not_found("locationId", "Location", location_id)
    authorization.require_owned_reference(
        actor,
        field="locationId",
        what="Location",
        value=location.id,
        region_ars=location.region_ars,
        provider_id=location.provider_id,
    )
    if not ars_covers(region_ars, location.region_ars):
        raise invalid("locationId", "location_elsewhere")
    return {"location_id": location.id}


async def create(
    session: AsyncSession,
    actor: Actor,
    *,
    offer_id: UUID,
    location_id: UUID | None,
    new: NewCourseRun,
) -> CourseRun:
    values = _values(new)
    problems = Violations()
    _check(problems, new, values_of(RunValues, new))
    problems.raise_if_any()
    offer = await offer_repository.get(session, offer_id)
    if offer is None:
        raise not_found("offerId", "Offer", offer_id)
    authorization.require_owned_reference(
        actor,
        field="offerId",
        what="Offer",
        value=offer.id,
        region_ars=offer.region_ars,
        provider_id=offer.provider_id,
        readable=authorization.can_read_offer(actor, offer),
    )
    if offer.status == "archived":
        raise invalid("offerId", "status_transition", current="archived", target="course run")
    values = {**values, **await _location_id(session, actor, offer.region_ars, location_id)}
    if any(name in values for name in SEATS):
        values["capacity_updated_at"] = utcnow()

    run = await repository.save(
        session, CourseRun(offer_id=offer.id, region_ars=offer.region_ars, **values)
    )
    await change_log.record(
        session,
        actor,
        entity="course_run",
        entity_id=run.id,
        action="created",
        region_ars=run.region_ars,
        changes=change_log.diff({}, {"offer_id": offer.id, **values}),
        version=run.version,
    )
    return run


async def _locked(
    session: AsyncSession, actor: Actor, run_id: UUID, expected_version: int
) -> CourseRun:
    run = await repository.lock(session, run_id)
    if run is None:
        raise not_found("id", "CourseRun", run_id)
    offer = await offer_repository.get(session, run.offer_id)
    assert offer is not None  # foreign key
    authorization.require_provider_or_coordinator(actor, run.region_ars, offer.provider_id)
    writes.check_version(run, expected_version)
    return run


async def _record(
    session: AsyncSession,
    actor: Actor,
    run: CourseRun,
    action: str,
    changes: dict[str, list[Any]],
) -> None:
    await change_log.record(
        session,
        actor,
        entity="course_run",
        entity_id=run.id,
        action=action,
        region_ars=run.region_ars,
        changes=changes,
        version=run.version,
    )


async def update(
    session: AsyncSession,
    actor: Actor,
    *,
    run_id: UUID,
    expected_version: int,
    location_id: UUID | None,
    clear_location: bool,
    change: CourseRunChange,
) -> CourseRun:
    values = _values(change)
    problems = Violations()
    check_lengths(problems, CourseRun, values)
    problems.raise_if_any()
    run = await _locked(session, actor, run_id, expected_version)
    if run.status == "cancelled":
        raise invalid("id", "status_transition", current=run.status, target="changed")
    _check(problems, change, merged(RunValues, run, change))
    problems.raise_if_any()
    if clear_location:
        values = {**values, "location_id": None}
    else:
        values = {**values, **await _location_id(session, actor, run.region_ars, location_id)}

    changes = writes.apply_changes(run, values)
    if changes:
        run = await repository.save(session, run)
        await _record(session, actor, run, "updated", changes)
    return run


def status_for_seats(status: str, free_seats: int | None) -> str:
    """An open run with no free seat left is full; a full run with seats again is open."""
    if status == "open" and free_seats == 0:
        return "full"
    if status == "full" and (free_seats is None or free_seats > 0):
        return "open"
    return status


async def update_seats(
    session: AsyncSession,
    actor: Actor,
    *,
    run_id: UUID,
    expected_version: int,
    seats: SeatsChange,
) -> CourseRun:
    """Booked seats, capacity and waitlist as the provider reports them now; always sets
    `capacity_updated_at`, also when the numbers are unchanged (the provider checked them)."""
    values = columns(seats)
    run = await _locked(session, actor, run_id, expected_version)
    problems = Violations()
    after = merged(RunValues, run, seats)
    _check_seats(problems, after)
    problems.raise_if_any()
    capacity = after.capacity_max
    free_seats = None if capacity is None else max(capacity - after.seats_booked, 0)
    values = {**values, "status": status_for_seats(run.status, free_seats)}

    before_checked = run.capacity_updated_at
    changes = writes.apply_changes(run, values)
    run.capacity_updated_at = utcnow()
    if not changes:
        writes.bump(run)
    changes["capacity_updated_at"] = change_log.diff(
        {"at": before_checked}, {"at": run.capacity_updated_at}
    )["at"]
    run = await repository.save(session, run)
    await _record(session, actor, run, "seats_updated", changes)
    return run


async def cancel(
    session: AsyncSession, actor: Actor, *, run_id: UUID, expected_version: int
) -> CourseRun:
    run = await _locked(session, actor, run_id, expected_version)
    if run.status in ("cancelled", "finished"):
        raise invalid("id", "status_transition", current=run.status, target="cancelled")
    changes = writes.apply_changes(run, {"status": "cancelled"})
    run = await repository.save(session, run)
    await _record(session, actor, run, "cancelled", changes)
    return run
