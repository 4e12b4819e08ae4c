"""Mutations of webhooks: subscribe (the secret is returned once), unsubscribe, replay."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.region.validation import validate_ars
from koko_offers.webhook import service
from koko_offers.webhook.models import WebhookDelivery as DeliveryRow
from koko_offers.webhook.types import (
    WebhookDelivery,
    WebhookDeliveryReplayPayload,
    WebhookSubscription,
    WebhookSubscriptionCreateInput,
    WebhookSubscriptionCreatePayload,
    WebhookSubscriptionDeletePayload,
    WebhookSubscriptionPingPayload,
)
from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(description="Subscribe a URL to catalogue events of a region.")
    async def webhook_subscription_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            WebhookSubscriptionCreateInput,
            strawberry.argument(description="Where to send which events."),
        ],
    ) -> WebhookSubscriptionCreatePayload:
        rules = info.context.webhook_rules

        async def create() -> service.CreatedSubscription:
            validate_ars(input.region_ars)
            return await service.create_subscription(
                info.context.session, info.context.actor, input.to_create(), rules=rules
            )

        created, error = await run_mutation(info.context.session, create)
        return WebhookSubscriptionCreatePayload(
            subscription=WebhookSubscription.from_row(created.subscription) if created else None,
            secret=created.secret if created else None,
            errors=mutation_errors(error, info.context.language),
        )

    @strawberry.mutation(description="Delete a subscription and its delivery history.")
    async def webhook_subscription_delete(
        self,
        info: Info[OffersContext, None],
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="Global id of the subscription to delete."),
        ],
    ) -> WebhookSubscriptionDeletePayload:

        async def delete() -> strawberry.ID:
            subscription_id = local_id(id, "WebhookSubscription")
            await service.delete_subscription(
                info.context.session, info.context.actor, subscription_id
            )
            return id

        deleted_id, error = await run_mutation(info.context.session, delete)
        return WebhookSubscriptionDeletePayload(
            deleted_id=deleted_id,
            errors=mutation_errors(error, info.context.language, argument=None),
        )

    @strawberry.mutation(
        description="Send a signed test event (`webhook.ping`) to a subscription's URL now."
    )
    async def webhook_subscription_ping(
        self,
        info: Info[OffersContext, None],
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="Global id of the subscription to test."),
        ],
    ) -> WebhookSubscriptionPingPayload:

        async def ping() -> DeliveryRow:
            subscription_id = local_id(id, "WebhookSubscription")
            return await service.ping(info.context.session, info.context.actor, subscription_id)

        delivery, error = await run_mutation(info.context.session, ping)
        return WebhookSubscriptionPingPayload(
            delivery=WebhookDelivery.from_row(delivery) if delivery else None,
            errors=mutation_errors(error, info.context.language, argument=None),
        )

    @strawberry.mutation(description="Send a delivery again (same webhook-id and body).")
    async def webhook_delivery_replay(
        self,
        info: Info[OffersContext, None],
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="Global id of the delivery to send again."),
        ],
    ) -> WebhookDeliveryReplayPayload:

        async def replay() -> DeliveryRow:
            delivery_id = local_id(id, "WebhookDelivery")
            return await service.replay(info.context.session, info.context.actor, delivery_id)

        delivery, error = await run_mutation(info.context.session, replay)
        return WebhookDeliveryReplayPayload(
            delivery=WebhookDelivery.from_row(delivery) if delivery else None,
            errors=mutation_errors(error, info.context.language, argument=None),
        )
