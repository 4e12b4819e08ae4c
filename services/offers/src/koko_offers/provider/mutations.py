"""Provider mutations: `providerCreate` (coordinators), `providerUpdate`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.provider import service
from koko_offers.provider.inputs import ProviderCreateInput, ProviderUpdateInput
from koko_offers.provider.models import Provider as ProviderRow
from koko_offers.provider.payloads import ProviderPayload
from koko_offers.validation import decode_id


@strawberry.type
class ProviderMutations:
    @strawberry.mutation(description="Register a provider in a region (coordinators).")
    async def provider_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            ProviderCreateInput, strawberry.argument(description="The provider to create.")
        ],
    ) -> ProviderPayload:
        context = info.context

        async def run() -> ProviderRow:
            return await service.create(
                context.session, context.actor, region_ars=input.region_ars, new=input.to_create()
            )

        row, violations = await run_mutation(context, run)
        return ProviderPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Edit a provider (the provider itself or a coordinator).")
    async def provider_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            ProviderUpdateInput,
            strawberry.argument(
                description="The provider, its expected version and the fields to change."
            ),
        ],
    ) -> ProviderPayload:
        context = info.context

        async def run() -> ProviderRow:
            return await service.update(
                context.session,
                context.actor,
                provider_id=decode_id(input.id, "Provider", "id"),
                expected_version=input.expected_version,
                change=input.to_change(),
                major_edit=input.major_edit,
            )

        row, violations = await run_mutation(context, run)
        return ProviderPayload.of(row, violations, context.language)
