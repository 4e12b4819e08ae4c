"""Working group mutations (coordinators): `workingGroupCreate`, `workingGroupUpdate`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.validation import decode_id
from koko_offers.working_group import service
from koko_offers.working_group.inputs import WorkingGroupCreateInput, WorkingGroupUpdateInput
from koko_offers.working_group.models import WorkingGroup as WorkingGroupRow
from koko_offers.working_group.payloads import WorkingGroupPayload


@strawberry.type
class WorkingGroupMutations:
    @strawberry.mutation(description="Add a working group or round table (coordinators).")
    async def working_group_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            WorkingGroupCreateInput, strawberry.argument(description="The group to add.")
        ],
    ) -> WorkingGroupPayload:
        context = info.context

        async def run() -> WorkingGroupRow:
            return await service.create(
                context.session, context.actor, region_ars=input.region_ars, new=input.to_create()
            )

        row, violations = await run_mutation(context, run)
        return WorkingGroupPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Edit a working group or round table (coordinators).")
    async def working_group_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            WorkingGroupUpdateInput,
            strawberry.argument(description="The group, its expected version and the changes."),
        ],
    ) -> WorkingGroupPayload:
        context = info.context

        async def run() -> WorkingGroupRow:
            return await service.update(
                context.session,
                context.actor,
                group_id=decode_id(input.id, "WorkingGroup", "id"),
                expected_version=input.expected_version,
                change=input.to_change(),
            )

        row, violations = await run_mutation(context, run)
        return WorkingGroupPayload.of(row, violations, context.language)
