"""Inputs of course run mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import UNSET

from koko_offers.course_run.service import (
    CourseRunChange,
    NewCourseRun,
    SeatsChange,
    WeeklySlot,
)
from koko_offers.graphql.inputs import given, is_given

_CODES = ("time_of_day", "status")
_REQUIRED = ("start_date", "rolling_entry", "time_of_day", "childcare", "status")
_TIME_OF_DAY = "full_time, part_time, evening or weekend."
_STATUS = "planned, open, full, running or finished (cancel with courseRunCancel)."
_RRULE = "RFC 5545 RRULE repeating at most four times a day, with COUNT/UNTIL or an end date."


@strawberry.input(description="Lessons on one ISO weekday (1 = Monday), local time HH:MM.")
class WeeklySlotInput:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday ... 7 = Sunday.")
    starts: str = strawberry.field(description="Start of the lessons, local time HH:MM.")
    ends: str = strawberry.field(description="End of the lessons, local time HH:MM.")


def _slots(slots: list[WeeklySlotInput] | None) -> list[WeeklySlot]:
    return [WeeklySlot(s.weekday, s.starts, s.ends) for s in slots or []]


@strawberry.input(description="A new run (a dated instance) of an offer.")
class CourseRunCreateInput:
    offer_id: strawberry.ID = strawberry.field(description="Id of the offer the run belongs to.")
    location_id: strawberry.ID | None = strawberry.field(
        default=None, description="The run's own location, used instead of the offer's."
    )
    start_date: date = strawberry.field(description="First day of the course.")
    end_date: date | None = strawberry.field(
        default=None, description="Last day of the course; null: not fixed."
    )
    registration_deadline: date | None = strawberry.field(
        default=None, description="Last day to register; null: no deadline."
    )
    rolling_entry: bool = strawberry.field(
        default=False, description="Whether participants can join after the start."
    )
    schedule_rrule: str | None = strawberry.field(default=None, description=_RRULE)
    weekly_slots: list[WeeklySlotInput] = strawberry.field(
        default_factory=list, description="When the lessons take place each week."
    )
    time_of_day: str = strawberry.field(default="part_time", description=_TIME_OF_DAY)
    capacity_max: int | None = strawberry.field(
        default=None, description="Seats in total; null: not limited."
    )
    seats_booked: int = strawberry.field(default=0, description="Seats already taken.")
    waitlist_length: int = strawberry.field(default=0, description="People waiting for a seat.")
    childcare: bool = strawberry.field(
        default=False, description="Whether childcare is offered during the lessons."
    )
    status: str = strawberry.field(default="planned", description=_STATUS)

    def to_create(self) -> NewCourseRun:
        return given(
            self,
            NewCourseRun,
            codes=_CODES,
            required=(*_REQUIRED, "seats_booked"),
            extra={"weekly_slots": _slots(self.weekly_slots)},
        )


@strawberry.input(
    description="Fields left out stay as they are; seats change with courseRunUpdateSeats."
)
class CourseRunUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the course run.")
    expected_version: int = strawberry.field(
        description="The version the change is based on; refused as CONFLICT when outdated."
    )
    location_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The run's own location, used instead of the offer's."
    )
    start_date: date | None = strawberry.field(
        default=UNSET, description="First day of the course."
    )
    end_date: date | None = strawberry.field(
        default=UNSET, description="Last day of the course; null: not fixed."
    )
    registration_deadline: date | None = strawberry.field(
        default=UNSET, description="Last day to register; null: no deadline."
    )
    rolling_entry: bool | None = strawberry.field(
        default=UNSET, description="Whether participants can join after the start."
    )
    schedule_rrule: str | None = strawberry.field(default=UNSET, description=_RRULE)
    weekly_slots: list[WeeklySlotInput] | None = strawberry.field(
        default=UNSET, description="When the lessons take place each week (replaces all slots)."
    )
    time_of_day: str | None = strawberry.field(default=UNSET, description=_TIME_OF_DAY)
    childcare: bool | None = strawberry.field(
        default=UNSET, description="Whether childcare is offered during the lessons."
    )
    status: str | None = strawberry.field(default=UNSET, description=_STATUS)

    def to_change(self) -> CourseRunChange:
        slots = {"weekly_slots": _slots(self.weekly_slots)} if is_given(self.weekly_slots) else {}
        return given(self, CourseRunChange, codes=_CODES, required=_REQUIRED, extra=slots)


@strawberry.input(
    description="Seats as they are now. Booked seats may not exceed the capacity: further "
    "registrations go on the waitlist. Fields left out stay as they are."
)
class CourseRunUpdateSeatsInput:
    id: strawberry.ID = strawberry.field(description="Id of the course run.")
    expected_version: int = strawberry.field(
        description="The version the change is based on; refused as CONFLICT when outdated."
    )
    seats_booked: int | None = strawberry.field(default=UNSET, description="Seats taken now.")
    capacity_max: int | None = strawberry.field(
        default=UNSET, description="Seats in total; null: not limited."
    )
    waitlist_length: int | None = strawberry.field(
        default=UNSET, description="People waiting for a seat now."
    )

    def to_change(self) -> SeatsChange:
        return given(self, SeatsChange, required=("seats_booked", "waitlist_length"))


@strawberry.input(description="The course run to cancel.")
class CourseRunCancelInput:
    id: strawberry.ID = strawberry.field(description="Id of the course run.")
    expected_version: int = strawberry.field(
        description="The version the change is based on; refused as CONFLICT when outdated."
    )
