"""GraphQL types of course planning."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry

from koko_offers.planning import service
from koko_offers.planning.repository import PlannedRun
from koko_shared.graphql.ids import to_global_id


@strawberry.type(description="Where starts are counted: an area (Stadtteil) or, outside, a town.")
class PlanningPlace:
    area_code: str | None
    area_name: str | None
    town: str | None

    @classmethod
    def of(cls, place: service.Place) -> Self:
        return cls(area_code=place.area_code, area_name=place.area_name, town=place.town)


@strawberry.type(description="One course run start in the planning window.")
class PlannedStart:
    course_run_id: strawberry.ID
    offer_id: strawberry.ID
    offer_title: str
    provider_id: strawberry.ID
    provider_name: str
    start_date: date
    town: str | None
    capacity_max: int | None
    seats_booked: int
    free_seats: int | None
    waitlist_length: int
    status: str

    @classmethod
    def of(cls, run: PlannedRun) -> Self:
        return cls(
            course_run_id=strawberry.ID(to_global_id("CourseRun", run.run_id)),
            offer_id=strawberry.ID(to_global_id("Offer", run.offer_id)),
            offer_title=run.offer_title,
            provider_id=strawberry.ID(to_global_id("Provider", run.provider_id)),
            provider_name=run.provider_name,
            start_date=run.start_date,
            town=run.town,
            capacity_max=run.capacity_max,
            seats_booked=run.seats_booked,
            free_seats=run.free_seats,
            waitlist_length=run.waitlist_length,
            status=run.status,
        )


@strawberry.type(description="Upcoming starts of one course type and level in one place.")
class CourseStartGroup:
    course_type_code: str
    course_type_name: str
    level: str | None
    place: PlanningPlace
    starts: list[PlannedStart]


@strawberry.type(description="A period without an expected course start in a place.")
class CourseStartGap:
    course_type_code: str | None = strawberry.field(
        description="The expected course type, or null when any course of `family` counts."
    )
    family: str | None
    level: str | None
    place: PlanningPlace
    gap_from: date
    gap_to: date
    weeks: int
    last_start: date | None
    next_start: date | None


@strawberry.type(
    description="Several providers start the same course type and level in the same "
    "town within one ISO week."
)
class CourseStartClash:
    course_type_code: str
    course_type_name: str
    level: str | None
    town: str
    iso_year: int
    iso_week: int
    week_start: date
    provider_names: list[str]
    starts: list[PlannedStart]


@strawberry.type(description="Booked against maximum seats and waitlists of the window's runs.")
class CourseUtilisation:
    course_type_code: str
    course_type_name: str
    level: str | None
    place: PlanningPlace
    runs: int
    capacity_max: int = strawberry.field(description="Maximum seats of the runs that have one.")
    seats_booked: int = strawberry.field(description="Booked seats of the runs with a maximum.")
    free_seats: int = strawberry.field(description="Free seats of the runs with a maximum.")
    unlimited_runs: int = strawberry.field(
        description="Runs without a seat maximum (seats not limited, never full); they count "
        "in runs but not in capacityMax, seatsBooked or freeSeats."
    )
    waitlist_length: int
    utilisation_rate: float | None = strawberry.field(
        description="seatsBooked / capacityMax over runs with a known maximum, 0..1."
    )


@strawberry.type(description="Thresholds used for this plan (region settings or defaults).")
class CoursePlanningThresholds:
    gap_weeks: int
    clash_min_providers: int


@strawberry.type(description="Course planning of a region for a date window.")
class CoursePlanning:
    region_ars: str
    from_: date = strawberry.field(name="from")
    to: date
    thresholds: CoursePlanningThresholds
    starts: list[CourseStartGroup]
    gaps: list[CourseStartGap]
    clashes: list[CourseStartClash]
    utilisation: list[CourseUtilisation]

    @classmethod
    def of(cls, plan: service.CoursePlan) -> Self:
        return cls(
            region_ars=plan.region_ars,
            from_=plan.start,
            to=plan.end,
            thresholds=CoursePlanningThresholds(
                gap_weeks=plan.settings.gap_weeks,
                clash_min_providers=plan.settings.clash_min_providers,
            ),
            starts=[
                CourseStartGroup(
                    course_type_code=g.course_type_code,
                    course_type_name=g.course_type_label,
                    level=g.level,
                    place=PlanningPlace.of(g.place),
                    starts=[PlannedStart.of(r) for r in g.runs],
                )
                for g in plan.starts
            ],
            gaps=[
                CourseStartGap(
                    course_type_code=g.expectation.course_type_code,
                    family=g.expectation.family,
                    level=g.expectation.level,
                    place=PlanningPlace.of(g.place),
                    gap_from=g.gap_from,
                    gap_to=g.gap_to,
                    weeks=g.weeks,
                    last_start=g.last_start,
                    next_start=g.next_start,
                )
                for g in plan.gaps
            ],
            clashes=[
                CourseStartClash(
                    course_type_code=c.course_type_code,
                    course_type_name=c.course_type_label,
                    level=c.level,
                    town=c.town,
                    iso_year=c.week_start.isocalendar().year,
                    iso_week=c.week_start.isocalendar().week,
                    week_start=c.week_start,
                    provider_names=c.provider_names,
                    starts=[PlannedStart.of(r) for r in c.runs],
                )
                for c in plan.clashes
            ],
            utilisation=[
                CourseUtilisation(
                    course_type_code=u.course_type_code,
                    course_type_name=u.course_type_label,
                    level=u.level,
                    place=PlanningPlace.of(u.place),
                    runs=u.runs,
                    capacity_max=u.capacity_max,
                    seats_booked=u.seats_booked,
                    free_seats=u.free_seats,
                    unlimited_runs=u.unlimited_runs,
                    waitlist_length=u.waitlist_length,
                    utilisation_rate=u.rate,
                )
                for u in plan.utilisation
            ],
        )
