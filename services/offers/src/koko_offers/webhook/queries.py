"""Root query fields of webhooks: the caller's subscriptions and their recent deliveries."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.webhook import repository, service
from koko_offers.webhook.types import (
    WebhookDelivery,
    WebhookSubscription,
)
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.graphql.ids import local_id
from koko_shared.pagination import page_request


@strawberry.type
class WebhookQueries:
    @strawberry.field(
        description="Your webhook subscriptions, oldest first (coordinators: all of their regions)."
    )
    async def webhook_subscriptions(
        self,
        info: Info[OffersContext, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WebhookSubscription]:
        request = page_request(first, after, last, before)
        page = await service.visible_subscriptions_page(
            info.context.session, info.context.actor, request
        )
        return Connection.of(page, WebhookSubscription.from_row)

    @strawberry.field(description="Recent deliveries of your subscriptions, newest first.")
    async def webhook_deliveries(
        self,
        info: Info[OffersContext, None],
        subscription_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only deliveries of this subscription."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WebhookDelivery]:
        session, actor = info.context.session, info.context.actor
        request = page_request(first, after, last, before)
        if subscription_id is not None:
            wanted = local_id(subscription_id, "WebhookSubscription", field="subscriptionId")
            ids = [(await service.managed_subscription(session, actor, wanted)).id]
        else:
            ids = [s.id for s in await service.visible_subscriptions(session, actor)]
        page = await repository.deliveries(session, subscription_ids=ids, request=request)
        return Connection.of(page, WebhookDelivery.from_row)
