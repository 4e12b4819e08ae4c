"""GraphQL types of stale offers."""

from __future__ import annotations

from datetime import datetime

import strawberry

from koko_shared.graphql.schema import PageInfo


@strawberry.type(description="A published offer its provider has not confirmed for too long.")
class StaleOffer:
    offer_id: strawberry.ID
    title: str
    region_ars: str
    provider_id: strawberry.ID
    provider_name: str
    stale: bool = strawberry.field(description="Always true here; the flag partners filter on.")
    last_confirmed_at: datetime | None = strawberry.field(
        description="Latest confirmation (change log or offer), null when never confirmed."
    )
    last_confirmed_by: str | None
    days_since_confirmation: int = strawberry.field(
        description="Days since the last confirmation, or since creation when never confirmed."
    )


@strawberry.type(description="A stale offer in a page of stale offers, with its cursor.")
class StaleOfferEdge:
    cursor: str = strawberry.field(description="Opaque position in the list.")
    node: StaleOffer


@strawberry.type(description="One page of stale offers (Relay connection).")
class StaleOfferConnection:
    edges: list[StaleOfferEdge] = strawberry.field(description="The stale offers of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page lies in the list.")
    total_count: int
    stale_after_days: int
