"""Tie mutations: `tieCreate`, `tieUpdate` (coordinators, or a provider for its own ties)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.tie import service
from koko_offers.tie.inputs import TieCreateInput, TieUpdateInput
from koko_offers.tie.models import Tie as TieRow
from koko_offers.tie.payloads import TiePayload
from koko_offers.validation import decode_id


@strawberry.type
class TieMutations:
    @strawberry.mutation(
        description="Record a tie between two actors of a network, or a membership in a group "
        "(coordinators; a provider for ties of its own actor, unpublished)."
    )
    async def tie_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[TieCreateInput, strawberry.argument(description="The tie to record.")],
    ) -> TiePayload:
        context = info.context

        async def run() -> TieRow:
            return await service.create(
                context.session,
                context.actor,
                new=input.to_create(),
                source_id=decode_id(input.source_actor_id, "Actor", "sourceActorId"),
                target_id=decode_id(input.target_actor_id, "Actor", "targetActorId")
                if input.target_actor_id
                else None,
                group_id=decode_id(input.working_group_id, "WorkingGroup", "workingGroupId")
                if input.working_group_id
                else None,
            )

        row, violations = await run_mutation(context, run)
        return TiePayload.of(row, violations, context.language)

    @strawberry.mutation(description="Edit a tie, e.g. end it with `validTo`.")
    async def tie_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            TieUpdateInput,
            strawberry.argument(description="The tie, its expected version and the changes."),
        ],
    ) -> TiePayload:
        context = info.context

        async def run() -> TieRow:
            return await service.update(
                context.session,
                context.actor,
                tie_id=decode_id(input.id, "Tie", "id"),
                expected_version=input.expected_version,
                change=input.to_change(),
            )

        row, violations = await run_mutation(context, run)
        return TiePayload.of(row, violations, context.language)
