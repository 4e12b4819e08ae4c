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
    area_code: str | None = strawberry.field(
        description="Code of the area (Stadtteil / Sozialraum); null outside an area."
    )
    area_name: str | None = strawberry.field(description="Name of the area; null outside an area.")
    town: str | None = strawberry.field(
        description="Town of the location; null when inside an area or without a location."
    )

    @classmethod
    def of(cls, place: service.Place) -> Self:
        return cls(area_code=place.area_code, area_name=place.area_name, town=place.town)


@strawberry.type(description="One course run start in the planning window.")
class PlannedStart:
    course_run_id: strawberry.ID = strawberry.field(description="Global id of the course run.")
    offer_id: strawberry.ID = strawberry.field(description="Global id of its offer.")
    offer_title: str = strawberry.field(description="German title of the offer.")
    provider_id: strawberry.ID = strawberry.field(description="Global id of the provider.")
    provider_name: str = strawberry.field(description="Name of the provider.")
    start_date: date = strawberry.field(description="First day of the run.")
    town: str | None = strawberry.field(
        description="Town of the run's location; null without a location."
    )
    capacity_max: int | None = strawberry.field(description="Seats in total; null: not limited.")
    seats_booked: int = strawberry.field(description="Seats taken, as last reported.")
    free_seats: int | None = strawberry.field(
        description="Free seats (maximum minus booked); null when seats are not limited."
    )
    waitlist_length: int = strawberry.field(description="People waiting for a seat.")
    status: str = strawberry.field(
        description="Status of the run: planned, open, full, running, finished or cancelled."
    )

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
    course_type_code: str = strawberry.field(
        description="Code of the course type, e.g. BAMF_IK_ALLG."
    )
    course_type_name: str = strawberry.field(description="Label of the course type.")
    level: str | None = strawberry.field(
        description="CEFR level (A1 ... C2); null when the course type has none."
    )
    place: PlanningPlace = strawberry.field(description="Where the starts are counted.")
    starts: list[PlannedStart] = strawberry.field(description="The starts, by date.")


@strawberry.type(description="A period without an expected course start in a place.")
class CourseStartGap:
    course_type_code: str | None = strawberry.field(
        description="The expected course type, or null when any course of `family` counts."
    )
    family: str | None = strawberry.field(
        description="Course type family expected (e.g. integration_course); null when a specific "
        "course type is expected."
    )
    level: str | None = strawberry.field(description="CEFR level expected; null: any level.")
    place: PlanningPlace = strawberry.field(description="Where the start is missing.")
    gap_from: date = strawberry.field(
        description="First day without a start (the window's start or the last start before)."
    )
    gap_to: date = strawberry.field(
        description="Day the gap ends (the next start or the window's end)."
    )
    weeks: int = strawberry.field(description="Length of the gap in whole weeks.")
    last_start: date | None = strawberry.field(
        description="The start before the gap; null when the gap begins with the window."
    )
    next_start: date | None = strawberry.field(
        description="The start that ends the gap; null when the gap lasts to the window's end."
    )


@strawberry.type(
    description="Several providers start the same course type and level in the same "
    "town within one ISO week."
)
class CourseStartClash:
    course_type_code: str = strawberry.field(
        description="Code of the course type, e.g. BAMF_IK_ALLG."
    )
    course_type_name: str = strawberry.field(description="Label of the course type.")
    level: str | None = strawberry.field(
        description="CEFR level (A1 ... C2); null when the course type has none."
    )
    town: str = strawberry.field(description="Town where the runs start.")
    iso_year: int = strawberry.field(description="ISO year of the week.")
    iso_week: int = strawberry.field(description="ISO week number (1 ... 53).")
    week_start: date = strawberry.field(description="Monday of the week.")
    provider_names: list[str] = strawberry.field(
        description="Names of the providers starting that week."
    )
    starts: list[PlannedStart] = strawberry.field(description="The clashing starts.")


@strawberry.type(description="Booked against maximum seats and waitlists of the window's runs.")
class CourseUtilisation:
    course_type_code: str = strawberry.field(
        description="Code of the course type, e.g. BAMF_IK_ALLG."
    )
    course_type_name: str = strawberry.field(description="Label of the course type.")
    level: str | None = strawberry.field(
        description="CEFR level (A1 ... C2); null when the course type has none."
    )
    place: PlanningPlace = strawberry.field(description="Where the runs take place.")
    runs: int = strawberry.field(description="Number of runs starting in the window.")
    capacity_max: int = strawberry.field(description="Maximum seats of the runs that have one.")
    seats_booked: int = strawberry.field(description="Booked seats of the runs with a maximum.")
    free_seats: int = strawberry.field(description="Free seats of the runs with a maximum.")
    unlimited_runs: int = strawberry.field(
        description="Runs without a seat maximum (seats not limited, never full); they count "
        "in runs but not in capacityMax, seatsBooked or freeSeats."
    )
    waitlist_length: int = strawberry.field(
        description="People on the waitlists of these runs in total."
    )
    utilisation_rate: float | None = strawberry.field(
        description="seatsBooked / capacityMax over runs with a known maximum, 0..1."
    )


@strawberry.type(description="Thresholds used for this plan (region settings or defaults).")
class CoursePlanningThresholds:
    gap_weeks: int = strawberry.field(
        description="A period this many weeks or longer without a start counts as a gap."
    )
    clash_min_providers: int = strawberry.field(
        description="This many providers or more starting in the same week and town count as a "
        "clash."
    )


@strawberry.type(description="Course planning of a region for a date window.")
class CoursePlanning:
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the planned region."
    )
    from_: date = strawberry.field(name="from", description="First day of the planning window.")
    to: date = strawberry.field(description="Last day of the planning window.")
    thresholds: CoursePlanningThresholds = strawberry.field(description="The thresholds applied.")
    starts: list[CourseStartGroup] = strawberry.field(
        description="Upcoming starts by course type, level and place."
    )
    gaps: list[CourseStartGap] = strawberry.field(
        description="Places and periods where an expected course start is missing."
    )
    clashes: list[CourseStartClash] = strawberry.field(
        description="Weeks in which several providers start the same course in the same town."
    )
    utilisation: list[CourseUtilisation] = strawberry.field(
        description="Seats and waitlists by course type, level and place."
    )

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
