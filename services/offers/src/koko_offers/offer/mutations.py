"""Offer mutations: create, update, confirm, publish, archive."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.offer import service
from koko_offers.offer.inputs import OfferCreateInput, OfferUpdateInput, OfferVersionInput
from koko_offers.offer.models import Offer as OfferRow
from koko_offers.offer.payloads import OfferPayload
from koko_offers.validation import decode_id


async def _status(
    info: Info[OffersContext, None], input: OfferVersionInput, target: str
) -> OfferPayload:
    context = info.context

    async def run() -> OfferRow:
        return await service.change_status(
            context.session,
            context.actor,
            offer_id=decode_id(input.id, "Offer", "id"),
            expected_version=input.expected_version,
            target=target,
        )

    row, violations = await run_mutation(context, run)
    return OfferPayload.of(row, violations, context.language)


@strawberry.type
class OfferMutations:
    @strawberry.mutation(description="Create an offer as a draft (its provider or a coordinator).")
    async def offer_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[OfferCreateInput, strawberry.argument(description="The offer to create.")],
    ) -> OfferPayload:
        context = info.context

        async def run() -> OfferRow:
            return await service.create(
                context.session,
                context.actor,
                provider_id=decode_id(input.provider_id, "Provider", "providerId"),
                region_ars=input.region_ars,
                references=input.references(),
                new=input.to_create(),
            )

        row, violations = await run_mutation(context, run)
        return OfferPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Edit an offer; `majorEdit` decides about its translations.")
    async def offer_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            OfferUpdateInput,
            strawberry.argument(
                description="The offer, the version the edit is based on, and the fields to change."
            ),
        ],
    ) -> OfferPayload:
        context = info.context

        async def run() -> OfferRow:
            return await service.update(
                context.session,
                context.actor,
                offer_id=decode_id(input.id, "Offer", "id"),
                expected_version=input.expected_version,
                references=input.references(),
                change=input.to_change(),
                major_edit=input.major_edit,
            )

        row, violations = await run_mutation(context, run)
        return OfferPayload.of(row, violations, context.language)

    @strawberry.mutation(description="The provider confirms the offer is still accurate.")
    async def offer_confirm(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            OfferVersionInput,
            strawberry.argument(
                description="The offer and the version the status change is based on."
            ),
        ],
    ) -> OfferPayload:
        context = info.context

        async def run() -> OfferRow:
            return await service.confirm(
                context.session,
                context.actor,
                offer_id=decode_id(input.id, "Offer", "id"),
                expected_version=input.expected_version,
            )

        row, violations = await run_mutation(context, run)
        return OfferPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Publish a draft or archived offer.")
    async def offer_publish(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            OfferVersionInput,
            strawberry.argument(
                description="The offer and the version the status change is based on."
            ),
        ],
    ) -> OfferPayload:
        return await _status(info, input, "published")

    @strawberry.mutation(description="Archive an offer: it no longer shows publicly.")
    async def offer_archive(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            OfferVersionInput,
            strawberry.argument(
                description="The offer and the version the status change is based on."
            ),
        ],
    ) -> OfferPayload:
        return await _status(info, input, "archived")
