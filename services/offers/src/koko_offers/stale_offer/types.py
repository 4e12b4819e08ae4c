"""GraphQL types of stale offers."""

from __future__ import annotations

from datetime import datetime

import strawberry

from koko_shared.graphql.connection import Connection


@strawberry.type(description="A published offer its provider has not confirmed for too long.")
class StaleOffer:
    offer_id: strawberry.ID = strawberry.field(description="Global id of the offer.")
    title: str = strawberry.field(description="German title of the offer.")
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the offer's region."
    )
    provider_id: strawberry.ID = strawberry.field(description="Global id of the provider.")
    provider_name: str = strawberry.field(description="Name of the provider.")
    stale: bool = strawberry.field(description="Always true here; the flag partners filter on.")
    last_confirmed_at: datetime | None = strawberry.field(
        description="Latest confirmation (change log or offer), null when never confirmed."
    )
    last_confirmed_by: str | None = strawberry.field(
        description="Subject of whoever last confirmed the offer; null when never confirmed."
    )
    days_since_confirmation: int = strawberry.field(
        description="Days since the last confirmation, or since creation when never confirmed."
    )


@strawberry.type(description="One page of stale offers (Relay connection).")
class StaleOfferConnection(Connection[StaleOffer]):
    total_count: int = strawberry.field(
        description="Number of stale offers in total, across all pages."
    )
    stale_after_days: int = strawberry.field(
        description="Days without confirmation after which an offer counts as stale here."
    )
