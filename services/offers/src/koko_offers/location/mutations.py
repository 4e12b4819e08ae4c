"""Location mutations: `locationCreate`, `locationUpdate`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.location import service
from koko_offers.location.inputs import LocationCreateInput, LocationUpdateInput
from koko_offers.location.models import Location as LocationRow
from koko_offers.location.payloads import LocationPayload
from koko_offers.validation import decode_id


@strawberry.type
class LocationMutations:
    @strawberry.mutation(description="Add a place where a provider's offers take place.")
    async def location_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            LocationCreateInput, strawberry.argument(description="The location to create.")
        ],
    ) -> LocationPayload:
        context = info.context

        async def run() -> LocationRow:
            return await service.create(
                context.session,
                context.actor,
                provider_id=decode_id(input.provider_id, "Provider", "providerId"),
                region_ars=input.region_ars,
                area=input.area(),
                new=input.to_create(),
            )

        row, violations = await run_mutation(context, run)
        return LocationPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Edit a location.")
    async def location_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            LocationUpdateInput,
            strawberry.argument(
                description="The location, its expected version and the fields to change."
            ),
        ],
    ) -> LocationPayload:
        context = info.context

        async def run() -> LocationRow:
            return await service.update(
                context.session,
                context.actor,
                location_id=decode_id(input.id, "Location", "id"),
                expected_version=input.expected_version,
                area=input.area(),
                change=input.to_change(),
                major_edit=input.major_edit,
            )

        row, violations = await run_mutation(context, run)
        return LocationPayload.of(row, violations, context.language)
