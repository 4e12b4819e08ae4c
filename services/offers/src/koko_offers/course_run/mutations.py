"""Course run mutations: create, update, seats, cancel."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.course_run import service
from koko_offers.course_run.inputs import (
    CourseRunCancelInput,
    CourseRunCreateInput,
    CourseRunUpdateInput,
    CourseRunUpdateSeatsInput,
)
from koko_offers.course_run.models import CourseRun as CourseRunRow
from koko_offers.course_run.payloads import CourseRunPayload
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.inputs import is_given
from koko_offers.graphql.payloads import run_mutation
from koko_offers.validation import decode_id


@strawberry.type
class CourseRunMutations:
    @strawberry.mutation(description="Plan a run of an offer (its provider or a coordinator).")
    async def course_run_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            CourseRunCreateInput, strawberry.argument(description="The run to create.")
        ],
    ) -> CourseRunPayload:
        context = info.context

        async def run() -> CourseRunRow:
            return await service.create(
                context.session,
                context.actor,
                offer_id=decode_id(input.offer_id, "Offer", "offerId"),
                location_id=(
                    decode_id(input.location_id, "Location", "locationId")
                    if input.location_id
                    else None
                ),
                new=input.to_create(),
            )

        row, violations = await run_mutation(context, run)
        return CourseRunPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Edit the dates, schedule and details of a course run.")
    async def course_run_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            CourseRunUpdateInput,
            strawberry.argument(
                description="The run, its expected version and the fields to change."
            ),
        ],
    ) -> CourseRunPayload:
        context = info.context

        async def run() -> CourseRunRow:
            location_given = is_given(input.location_id)
            return await service.update(
                context.session,
                context.actor,
                run_id=decode_id(input.id, "CourseRun", "id"),
                expected_version=input.expected_version,
                location_id=(
                    decode_id(input.location_id, "Location", "locationId")
                    if location_given and input.location_id
                    else None
                ),
                clear_location=location_given and input.location_id is None,
                change=input.to_change(),
            )

        row, violations = await run_mutation(context, run)
        return CourseRunPayload.of(row, violations, context.language)

    @strawberry.mutation(
        description="Report booked seats, capacity and waitlist; sets `capacityUpdatedAt`. "
        "An open run without free seats becomes full, a full run with free seats open."
    )
    async def course_run_update_seats(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            CourseRunUpdateSeatsInput,
            strawberry.argument(
                description="The run, the version the change is based on, and its seats now."
            ),
        ],
    ) -> CourseRunPayload:
        context = info.context

        async def run() -> CourseRunRow:
            return await service.update_seats(
                context.session,
                context.actor,
                run_id=decode_id(input.id, "CourseRun", "id"),
                expected_version=input.expected_version,
                seats=input.to_change(),
            )

        row, violations = await run_mutation(context, run)
        return CourseRunPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Cancel a course run.")
    async def course_run_cancel(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            CourseRunCancelInput,
            strawberry.argument(
                description="The run to cancel and the version the change is based on."
            ),
        ],
    ) -> CourseRunPayload:
        context = info.context

        async def run() -> CourseRunRow:
            return await service.cancel(
                context.session,
                context.actor,
                run_id=decode_id(input.id, "CourseRun", "id"),
                expected_version=input.expected_version,
            )

        row, violations = await run_mutation(context, run)
        return CourseRunPayload.of(row, violations, context.language)
