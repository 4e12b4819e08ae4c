"""Root query field `staleOffers`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.region.validation import validate_ars
from koko_offers.stale_offer import service
from koko_offers.stale_offer.repository import StaleOfferRow
from koko_offers.stale_offer.types import StaleOffer, StaleOfferConnection
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.ids import to_global_id
from koko_shared.pagination import page_request


@strawberry.type
class StaleOfferQueries:
    @strawberry.field(
        description="Published offers not confirmed for the region's `stale_after_days`, oldest "
        "confirmation first: all of the region for coordinators, their own for providers."
    )
    async def stale_offers(
        self,
        info: Info[OffersContext, None],
        region_ars: Annotated[
            str,
            strawberry.argument(
                description="Regionalschlüssel (12 digits) of the region, including everything "
                "inside it."
            ),
        ],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> StaleOfferConnection:
        validate_ars(region_ars)
        page = await service.stale_offers(
            info.context.session,
            info.context.actor,
            region_ars=region_ars,
            default_days=info.context.settings.stale_after_days,
            request=page_request(first, after, last, before),
        )

        def node(row: StaleOfferRow) -> StaleOffer:
            confirmed = row.confirmed_at if row.ever_confirmed else None
            return StaleOffer(
                offer_id=strawberry.ID(to_global_id("Offer", row.offer_id)),
                title=row.title,
                region_ars=row.region_ars,
                provider_id=strawberry.ID(to_global_id("Provider", row.provider_id)),
                provider_name=row.provider_name,
                stale=True,
                last_confirmed_at=confirmed,
                last_confirmed_by=row.last_confirmed_by,
                days_since_confirmation=(page.now - row.confirmed_at).days,
            )

        return StaleOfferConnection.of(
            page.page,
            node,
            total_count=page.total_count,
            stale_after_days=page.stale_after_days,
        )
