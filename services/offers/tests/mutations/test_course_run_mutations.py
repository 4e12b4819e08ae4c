"""courseRunCreate, courseRunUpdate, courseRunUpdateSeats, courseRunCancel: dates, schedules,
seats and waitlist, authorization, locking, change log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from koko_offers.course_run.models import CourseRun
from koko_shared.demo_regions import BOERDE

from .conftest import START, Api, World, gid

SELECTION = (
    "courseRun { id status startDate endDate capacityMax seatsBooked freeSeats waitlistLength "
    "capacityUpdatedAt scheduleRrule version }"
)


def _create_input(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "offerId": gid("Offer", world.offer_a.id),
        "locationId": gid("Location", world.location_a.id),
        "startDate": START.isoformat(),
        "endDate": (START + timedelta(days=120)).isoformat(),
        "registrationDeadline": (START - timedelta(days=7)).isoformat(),
        "scheduleRrule": "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        "weeklySlots": [{"weekday": 1, "starts": "08:30", "ends": "12:45"}],
        "timeOfDay": "PART_TIME",
        "capacityMax": 18,
        "seatsBooked": 3,
        "status": "open",
        **overrides,
    }


async def test_provider_plans_a_run_of_its_offer(api: Api, world: World) -> None:
    # given
    before = await api.count(CourseRun)
    # when
    payload = await api.mutate(
        "courseRunCreate", _create_input(world), api.provider(world.provider_a), SELECTION
    )
    # then
    assert payload["errors"] == []
    run = payload["courseRun"]
    assert (run["status"], run["freeSeats"], run["version"]) == ("OPEN", 15, 1)
    assert run["capacityUpdatedAt"] is not None
    assert await api.count(CourseRun) == before + 1


async def test_rolling_entry_allows_a_deadline_after_the_start(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "courseRunCreate",
        _create_input(
            world,
            registrationDeadline=(START + timedelta(days=60)).isoformat(),
            rollingEntry=True,
        ),
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert payload["errors"] == []


BAD_INPUTS = [
    ({"endDate": (START - timedelta(days=1)).isoformat()}, "endDate"),
    ({"registrationDeadline": (START + timedelta(days=1)).isoformat()}, "registrationDeadline"),
    ({"scheduleRrule": "every monday"}, "scheduleRrule"),
    ({"scheduleRrule": "FREQ=MINUTELY;COUNT=10"}, "scheduleRrule"),
    ({"scheduleRrule": "FREQ=SECONDLY"}, "scheduleRrule"),
    ({"scheduleRrule": "FREQ=DAILY;BYSECOND=1,2,3;COUNT=5"}, "scheduleRrule"),
    ({"scheduleRrule": "FREQ=DAILY", "endDate": None}, "scheduleRrule"),  # never ends
    ({"scheduleRrule": "FREQ=DAILY;COUNT=100000"}, "scheduleRrule"),
    ({"scheduleRrule": "FREQ=WEEKLY\nRRULE:FREQ=DAILY"}, "scheduleRrule"),
    ({"seatsBooked": -1}, "seatsBooked"),
    ({"capacityMax": -5}, "capacityMax"),
    ({"waitlistLength": -2}, "waitlistLength"),
    ({"seatsBooked": 19}, "seatsBooked"),  # more than the capacity of 18
    ({"timeOfDay": "nightly"}, "timeOfDay"),
    ({"status": "cancelled"}, "status"),  # only through courseRunCancel
    (
        {"weeklySlots": [{"weekday": 8, "starts": "08:00", "ends": "09:00"}]},
        "weeklySlots.0.weekday",
    ),
    ({"weeklySlots": [{"weekday": 1, "starts": "8 Uhr", "ends": "09:00"}]}, "weeklySlots.0.starts"),
    ({"weeklySlots": [{"weekday": 1, "starts": "10:00", "ends": "09:00"}]}, "weeklySlots.0.ends"),
    ({"locationId": gid("Location", "00000000-0000-0000-0000-000000000001")}, "locationId"),
    ({"offerId": gid("CourseRun", "00000000-0000-0000-0000-000000000001")}, "offerId"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD_INPUTS)
async def test_bad_run_input_gets_a_typed_error_and_writes_nothing(
    api: Api, world: World, overrides: dict[str, Any], field: str
) -> None:
    # given
    before = await api.snapshot("course_run")
    # when
    payload = await api.mutate(
        "courseRunCreate", _create_input(world, **overrides), api.admin(), SELECTION
    )
    # then
    assert payload["courseRun"] is None
    assert [e["field"] for e in payload["errors"]] == [field]
    assert payload["errors"][0]["code"] in ("BAD_USER_INPUT", "NOT_FOUND")
    assert await api.snapshot("course_run") == before


async def test_booked_seats_beyond_capacity_point_to_the_waitlist(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "courseRunUpdateSeats",
        {"id": gid("CourseRun", world.run_a.id), "expectedVersion": 1, "seatsBooked": 21},
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("seatsBooked", "BAD_USER_INPUT")
    ]
    assert "waitlist" in payload["errors"][0]["message"]
    stored = await api.fresh(CourseRun, world.run_a.id)
    assert stored is not None and (stored.seats_booked, stored.version) == (5, 1)


async def test_seat_update_changes_free_seats_and_stamps_the_time(api: Api, world: World) -> None:
    # given
    assert world.run_a.capacity_updated_at is None
    # when
    payload = await api.mutate(
        "courseRunUpdateSeats",
        {
            "id": gid("CourseRun", world.run_a.id),
            "expectedVersion": 1,
            "seatsBooked": 12,
            "waitlistLength": 0,
        },
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert payload["errors"] == []
    run = payload["courseRun"]
    assert (run["seatsBooked"], run["freeSeats"], run["version"]) == (12, 8, 2)
    assert run["capacityUpdatedAt"] is not None
    stored = await api.fresh(CourseRun, world.run_a.id)
    assert stored is not None and stored.free_seats == 8
    entry = (await api.changes("course_run", world.run_a.id))[-1]
    assert entry.action == "seats_updated"
    assert entry.changes["seats_booked"] == [5, 12]
    assert entry.changes["capacity_updated_at"][0] is None


async def test_a_run_without_free_seats_is_full_and_opens_again(api: Api, world: World) -> None:
    # given
    run_id = gid("CourseRun", world.run_a.id)
    headers = api.provider(world.provider_a)
    # when
    full = await api.mutate(
        "courseRunUpdateSeats",
        {"id": run_id, "expectedVersion": 1, "seatsBooked": 20, "waitlistLength": 4},
        headers,
        SELECTION,
    )
    reopened = await api.mutate(
        "courseRunUpdateSeats",
        {"id": run_id, "expectedVersion": 2, "capacityMax": 24},
        headers,
        SELECTION,
    )
    # then
    assert (full["courseRun"]["status"], full["courseRun"]["freeSeats"]) == ("FULL", 0)
    assert full["courseRun"]["waitlistLength"] == 4
    assert (reopened["courseRun"]["status"], reopened["courseRun"]["freeSeats"]) == ("OPEN", 4)


async def test_unchanged_seats_still_count_as_checked(api: Api, world: World) -> None:
    # when: the provider reports the same numbers
    payload = await api.mutate(
        "courseRunUpdateSeats",
        {"id": gid("CourseRun", world.run_a.id), "expectedVersion": 1, "seatsBooked": 5},
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert payload["courseRun"]["capacityUpdatedAt"] is not None
    assert payload["courseRun"]["version"] == 2


async def test_stale_seat_update_is_a_conflict(api: Api, world: World) -> None:
    # given
    run_id = gid("CourseRun", world.run_a.id)
    headers = api.provider(world.provider_a)
    await api.mutate(
        "courseRunUpdateSeats",
        {"id": run_id, "expectedVersion": 1, "seatsBooked": 6},
        headers,
        SELECTION,
    )
    # when
    payload = await api.mutate(
        "courseRunUpdateSeats",
        {"id": run_id, "expectedVersion": 1, "seatsBooked": 9},
        headers,
        SELECTION,
    )
    # then
    assert [e["code"] for e in payload["errors"]] == ["CONFLICT"]
    stored = await api.fresh(CourseRun, world.run_a.id)
    assert stored is not None and (stored.seats_booked, stored.version) == (6, 2)


@pytest.mark.parametrize("who", ["public", "other_provider", "other_region_coordinator"])
async def test_others_cannot_touch_the_run(api: Api, world: World, who: str) -> None:
    # given
    headers = {
        "public": {},
        "other_provider": api.provider(world.provider_b),
        "other_region_coordinator": api.coordinator(BOERDE),
    }[who]
    run_id = gid("CourseRun", world.run_a.id)
    before = await api.snapshot("course_run")
    # when
    results = [
        await api.mutate("courseRunCreate", _create_input(world), headers, SELECTION),
        await api.mutate(
            "courseRunUpdateSeats",
            {"id": run_id, "expectedVersion": 1, "seatsBooked": 0},
            headers,
            SELECTION,
        ),
        await api.mutate(
            "courseRunUpdate",
            {"id": run_id, "expectedVersion": 1, "childcare": True},
            headers,
            SELECTION,
        ),
        await api.mutate(
            "courseRunCancel", {"id": run_id, "expectedVersion": 1}, headers, SELECTION
        ),
    ]
    # then
    for payload in results:
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert await api.snapshot("course_run") == before


async def test_update_checks_dates_against_the_stored_ones(api: Api, world: World) -> None:
    # when: only the end moves, before the stored start
    payload = await api.mutate(
        "courseRunUpdate",
        {
            "id": gid("CourseRun", world.run_a.id),
            "expectedVersion": 1,
            "endDate": (START - timedelta(days=3)).isoformat(),
        },
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("endDate", "BAD_USER_INPUT")]


async def test_update_moves_the_run_and_logs_it(api: Api, world: World) -> None:
    # given
    new_start = START + timedelta(days=7)
    # when
    payload = await api.mutate(
        "courseRunUpdate",
        {
            "id": gid("CourseRun", world.run_a.id),
            "expectedVersion": 1,
            "startDate": new_start.isoformat(),
            "scheduleRrule": "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=40",
            "locationId": None,
        },
        api.coordinator(),
        SELECTION,
    )
    # then
    assert payload["errors"] == []
    assert payload["courseRun"]["startDate"] == new_start.isoformat()
    entry = (await api.changes("course_run", world.run_a.id))[-1]
    assert entry.changes["start_date"] == [START.isoformat(), new_start.isoformat()]
    assert entry.changes["location_id"] == [str(world.location_a.id), None]


async def test_cancel_a_run_once(api: Api, world: World) -> None:
    # given
    run_id = gid("CourseRun", world.run_a.id)
    headers = api.provider(world.provider_a)
    # when
    cancelled = await api.mutate(
        "courseRunCancel", {"id": run_id, "expectedVersion": 1}, headers, SELECTION
    )
    again = await api.mutate(
        "courseRunCancel", {"id": run_id, "expectedVersion": 2}, headers, SELECTION
    )
    # then
    assert cancelled["courseRun"]["status"] == "CANCELLED"
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("id", "BAD_USER_INPUT")]
    assert [e.action for e in await api.changes("course_run", world.run_a.id)] == ["cancelled"]
