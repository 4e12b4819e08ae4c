"""Inputs of course run mutations."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry import UNSET

from koko_offers.course_run.service import EDITABLE, SEATS
from koko_offers.graphql.inputs import given, is_given

_CODES = ("time_of_day", "status")
_REQUIRED = ("start_date", "rolling_entry", "time_of_day", "childcare", "status")
_TIME_OF_DAY = "full_time, part_time, evening or weekend."
_STATUS = "planned, open, full, running or finished (cancel with courseRunCancel)."
_RRULE = "RFC 5545 RRULE repeating at most four times a day, with COUNT/UNTIL or an end date."


@strawberry.input(description="Lessons on one ISO weekday (1 = Monday), local time HH:MM.")
class WeeklySlotInput:
    weekday: int
    starts: str
    ends: str


def _slots(slots: list[WeeklySlotInput] | None) -> list[dict[str, Any]]:
    return [{"weekday": s.weekday, "starts": s.starts, "ends": s.ends} for s in slots or []]


@strawberry.input
class CourseRunCreateInput:
    offer_id: strawberry.ID
    location_id: strawberry.ID | None = None
    start_date: date
    end_date: date | None = None
    registration_deadline: date | None = None
    rolling_entry: bool = False
    schedule_rrule: str | None = strawberry.field(default=None, description=_RRULE)
    weekly_slots: list[WeeklySlotInput] = strawberry.field(default_factory=list)
    time_of_day: str = strawberry.field(default="part_time", description=_TIME_OF_DAY)
    capacity_max: int | None = strawberry.field(
        default=None, description="Seats in total; null: not limited."
    )
    seats_booked: int = 0
    waitlist_length: int = 0
    childcare: bool = False
    status: str = strawberry.field(default="planned", description=_STATUS)

    def values(self) -> dict[str, Any]:
        names = [n for n in (*EDITABLE, *SEATS) if n != "weekly_slots"]
        values = given(self, names, codes=_CODES, required=(*_REQUIRED, "seats_booked"))
        values["weekly_slots"] = _slots(self.weekly_slots)
        return values


@strawberry.input(
    description="Fields left out stay as they are; seats change with courseRunUpdateSeats."
)
class CourseRunUpdateInput:
    id: strawberry.ID
    expected_version: int
    location_id: strawberry.ID | None = UNSET
    start_date: date | None = UNSET
    end_date: date | None = UNSET
    registration_deadline: date | None = UNSET
    rolling_entry: bool | None = UNSET
    schedule_rrule: str | None = strawberry.field(default=UNSET, description=_RRULE)
    weekly_slots: list[WeeklySlotInput] | None = UNSET
    time_of_day: str | None = strawberry.field(default=UNSET, description=_TIME_OF_DAY)
    childcare: bool | None = UNSET
    status: str | None = strawberry.field(default=UNSET, description=_STATUS)

    def values(self) -> dict[str, Any]:
        names = [n for n in EDITABLE if n != "weekly_slots"]
        values = given(self, names, codes=_CODES, required=_REQUIRED)
        if is_given(self.weekly_slots):
            values["weekly_slots"] = _slots(self.weekly_slots)
        return values


@strawberry.input(
    description="Seats as they are now. Booked seats may not exceed the capacity: further "
    "registrations go on the waitlist. Fields left out stay as they are."
)
class CourseRunUpdateSeatsInput:
    id: strawberry.ID
    expected_version: int
    seats_booked: int | None = UNSET
    capacity_max: int | None = strawberry.field(
        default=UNSET, description="Seats in total; null: not limited."
    )
    waitlist_length: int | None = UNSET

    def values(self) -> dict[str, Any]:
        return given(self, SEATS, required=("seats_booked", "waitlist_length"))


@strawberry.input
class CourseRunCancelInput:
    id: strawberry.ID
    expected_version: int
