"""Meeting and follow-up mutations: `meetingCreate`, `meetingUpdate`, `followUpCreate`
(coordinators) and `followUpUpdate` (coordinators; the owner's provider for its status)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.meeting import service
from koko_offers.meeting.inputs import (
    FollowUpCreateInput,
    FollowUpUpdateInput,
    MeetingCreateInput,
    MeetingUpdateInput,
)
from koko_offers.meeting.models import FollowUp as FollowUpRow
from koko_offers.meeting.models import Meeting as MeetingRow
from koko_offers.meeting.payloads import FollowUpPayload, MeetingPayload
from koko_offers.validation import decode_id


@strawberry.type
class MeetingMutations:
    @strawberry.mutation(description="Record a meeting of a group with its minutes (coordinators).")
    async def meeting_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[MeetingCreateInput, strawberry.argument(description="The meeting.")],
    ) -> MeetingPayload:
        context = info.context

        async def run() -> MeetingRow:
            return await service.create_meeting(
                context.session,
                context.actor,
                group_id=decode_id(input.working_group_id, "WorkingGroup", "workingGroupId"),
                new=input.to_create(),
            )

        row, violations = await run_mutation(context, run)
        return MeetingPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Edit a meeting's record (coordinators).")
    async def meeting_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            MeetingUpdateInput,
            strawberry.argument(description="The meeting, its expected version and the changes."),
        ],
    ) -> MeetingPayload:
        context = info.context

        async def run() -> MeetingRow:
            return await service.update_meeting(
                context.session,
                context.actor,
                meeting_id=decode_id(input.id, "Meeting", "id"),
                expected_version=input.expected_version,
                change=input.to_change(),
            )

        row, violations = await run_mutation(context, run)
        return MeetingPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Record a follow-up agreed in a meeting (coordinators).")
    async def follow_up_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[FollowUpCreateInput, strawberry.argument(description="The follow-up.")],
    ) -> FollowUpPayload:
        context = info.context

        async def run() -> FollowUpRow:
            return await service.create_follow_up(
                context.session,
                context.actor,
                meeting_id=decode_id(input.meeting_id, "Meeting", "meetingId"),
                new=input.to_create(),
            )

        row, violations = await run_mutation(context, run)
        return FollowUpPayload.of(row, violations, context.language)

    @strawberry.mutation(
        description="Edit a follow-up (coordinators); its owner's provider may change its status."
    )
    async def follow_up_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            FollowUpUpdateInput,
            strawberry.argument(description="The follow-up, its expected version and changes."),
        ],
    ) -> FollowUpPayload:
        context = info.context

        async def run() -> FollowUpRow:
            return await service.update_follow_up(
                context.session,
                context.actor,
                follow_up_id=decode_id(input.id, "FollowUp", "id"),
                expected_version=input.expected_version,
                change=input.to_change(),
            )

        row, violations = await run_mutation(context, run)
        return FollowUpPayload.of(row, violations, context.language)
