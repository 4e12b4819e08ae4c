"""GraphQL types of course runs (CourseInstance); `CourseRun` is a federated entity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Self

import strawberry
from strawberry.types import Info

from koko_offers.course_run import registration, repository
from koko_offers.course_run.loaders import course_run_by_id
from koko_offers.course_run.models import CourseRun as CourseRunRow
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.location.loaders import location_by_id
from koko_offers.location.types import Location
from koko_offers.offer.loaders import offer_by_id
from koko_offers.offer.types import Offer
from koko_offers.offer.visibility import ReadScope
from koko_shared.graphql.connection import Connection
from koko_shared.graphql.ids import local_id, to_global_id


@strawberry.enum(description="Where a course run stands.")
class CourseRunStatus(Enum):
    PLANNED = strawberry.enum_value(
        "planned", description="Announced and not started; registrations are accepted."
    )
    OPEN = strawberry.enum_value("open", description="Open for registration.")
    FULL = strawberry.enum_value(
        "full", description="No free seat left; set automatically when an open run fills up."
    )
    RUNNING = strawberry.enum_value(
        "running", description="Lessons have started; newcomers only with rolling entry."
    )
    FINISHED = strawberry.enum_value("finished", description="The course is over.")
    CANCELLED = strawberry.enum_value(
        "cancelled", description="Called off (courseRunCancel); it will not take place."
    )


@strawberry.enum(description="When the lessons take place.")
class TimeOfDay(Enum):
    FULL_TIME = strawberry.enum_value("full_time", description="Full-time, during the day.")
    PART_TIME = strawberry.enum_value("part_time", description="Part-time, during the day.")
    EVENING = strawberry.enum_value("evening", description="In the evening.")
    WEEKEND = strawberry.enum_value("weekend", description="At the weekend.")


@strawberry.type(description="Lessons on one ISO weekday (1 = Monday), local time.")
class WeeklySlot:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday ... 7 = Sunday.")
    starts: str = strawberry.field(description="Start of the lessons, local time HH:MM.")
    ends: str = strawberry.field(description="End of the lessons, local time HH:MM.")

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Self:
        return cls(weekday=int(value["weekday"]), starts=value["starts"], ends=value["ends"])


@strawberry.federation.type(keys=["id"], description="One run of an offer with dates and seats.")
class CourseRun(Node):
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    start_date: date = strawberry.field(description="First day of the course.")
    end_date: date | None = strawberry.field(description="Last day; null when not fixed.")
    registration_deadline: date | None = strawberry.field(
        description="Last day to register; null: no deadline."
    )
    rolling_entry: bool = strawberry.field(description="Newcomers may join after the start.")
    schedule_rrule: str | None = strawberry.field(description="RFC 5545 recurrence rule.")
    time_of_day: TimeOfDay = strawberry.field(description="When the lessons take place.")
    capacity_max: int | None = strawberry.field(description="Null: seats are not limited.")
    seats_booked: int = strawberry.field(description="Seats taken, as last reported.")
    free_seats: int | None = strawberry.field(description="Null when seats are not limited.")
    capacity_updated_at: datetime | None = strawberry.field(
        description="When the seat numbers were last set (at creation or with "
        "courseRunUpdateSeats, also when unchanged); null if never."
    )
    waitlist_length: int = strawberry.field(description="People waiting for a seat.")
    childcare: bool = strawberry.field(description="Whether childcare is offered alongside.")
    status: CourseRunStatus = strawberry.field(description="Where the run stands.")
    version: int = strawberry.field(description="For optimistic locking of updates.")
    row: strawberry.Private[CourseRunRow]

    @classmethod
    def from_row(cls, row: CourseRunRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("CourseRun", row.id)),
            start_date=row.start_date,
            end_date=row.end_date,
            registration_deadline=row.registration_deadline,
            rolling_entry=row.rolling_entry,
            schedule_rrule=row.schedule_rrule,
            time_of_day=TimeOfDay(row.time_of_day),
            capacity_max=row.capacity_max,
            seats_booked=row.seats_booked,
            # The computed column says 0 for unlimited runs (GREATEST ignores NULL).
            free_seats=None if row.capacity_max is None else row.free_seats,
            capacity_updated_at=row.capacity_updated_at,
            waitlist_length=row.waitlist_length,
            childcare=row.childcare,
            status=CourseRunStatus(row.status),
            version=row.version,
            row=row,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info[OffersContext, None], id: strawberry.ID
    ) -> Self | None:
        row = await course_run_by_id(info.context).load(local_id(id, "CourseRun"))
        return cls.from_row(row) if row else None

    @strawberry.field(description="When the lessons take place each week.")
    def weekly_slots(self) -> list[WeeklySlot]:
        return [WeeklySlot.from_json(v) for v in self.row.weekly_slots]

    @strawberry.field(description="Whether a newcomer can register today.")
    def accepts_registrations(self) -> bool:
        return registration.accepts_registrations(self.row, date.today())

    @strawberry.field(description="The run's own location, else the offer's.")
    async def location(self, info: Info[OffersContext, None]) -> Location | None:
        location_id = self.row.location_id
        if location_id is None:
            offer = await offer_by_id(info.context).load(self.row.offer_id)
            location_id = offer.location_id if offer else None
        if location_id is None:
            return None
        row = await location_by_id(info.context).load(location_id)
        return Location.from_row(row) if row else None

    @strawberry.field(description="The offer this is a run of; null if the caller may not see it.")
    async def offer(self, info: Info[OffersContext, None]) -> Offer | None:
        row = await offer_by_id(info.context).load(self.row.offer_id)
        return Offer.from_row(row) if row else None


@dataclass(frozen=True, slots=True)
class CountQuery:
    criteria: repository.CourseRunCriteria
    scope: ReadScope


@strawberry.type(description="One page of course runs (Relay connection).")
class CourseRunConnection(Connection[CourseRun]):
    count_query: strawberry.Private[CountQuery]

    @strawberry.field(description="All matching runs (counted only when asked for).")
    async def total_count(self, info: Info[OffersContext, None]) -> int:
        return await repository.count(
            info.context.session, self.count_query.criteria, self.count_query.scope
        )
