"""Actor mutations: `actorCreate` (coordinators, or a provider for itself), `actorUpdate`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.actor import service
from koko_offers.actor.inputs import ActorCreateInput, ActorUpdateInput
from koko_offers.actor.models import Actor as ActorRow
from koko_offers.actor.payloads import ActorPayload
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.validation import decode_id


@strawberry.type
class ActorMutations:
    @strawberry.mutation(
        description="Add an actor to a region's network (coordinators; a provider may add "
        "itself, unpublished)."
    )
    async def actor_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[ActorCreateInput, strawberry.argument(description="The actor to add.")],
    ) -> ActorPayload:
        context = info.context

        async def run() -> ActorRow:
            provider_id = (
                decode_id(input.provider_id, "Provider", "providerId")
                if input.provider_id
                else None
            )
            return await service.create(
                context.session,
                context.actor,
                region_ars=input.region_ars,
                provider_id=provider_id,
                new=input.to_create(),
            )

        row, violations = await run_mutation(context, run)
        return ActorPayload.of(row, violations, context.language)

    @strawberry.mutation(
        description="Edit an actor (coordinators, or the provider it is; only coordinators "
        "publish)."
    )
    async def actor_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            ActorUpdateInput,
            strawberry.argument(description="The actor, its expected version and the changes."),
        ],
    ) -> ActorPayload:
        context = info.context

        async def run() -> ActorRow:
            return await service.update(
                context.session,
                context.actor,
                actor_id=decode_id(input.id, "Actor", "id"),
                expected_version=input.expected_version,
                change=input.to_change(),
            )

        row, violations = await run_mutation(context, run)
        return ActorPayload.of(row, violations, context.language)
