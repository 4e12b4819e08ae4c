"""Root query fields of webhooks: the caller's subscriptions and their recent deliveries."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.webhook import repository, service
from koko_offers.webhook.types import (
    WebhookDelivery,
    WebhookDeliveryConnection,
    WebhookDeliveryEdge,
    WebhookSubscription,
)
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.ids import local_id
from koko_shared.graphql.schema import PageInfo
from koko_shared.pagination import page_request


@strawberry.type
class WebhookQueries:
    @strawberry.field(
        description="Your webhook subscriptions (coordinators: all of their regions)."
    )
    async def webhook_subscriptions(
        self, info: Info[OffersContext, None]
    ) -> list[WebhookSubscription]:
        rows = await service.visible_subscriptions(info.context.session, info.context.actor)
        return [WebhookSubscription.from_row(r) for r in rows]

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
    ) -> WebhookDeliveryConnection:
        session, actor = info.context.session, info.context.actor
        request = page_request(first, after, last, before)
        if subscription_id is not None:
            wanted = local_id(subscription_id, "WebhookSubscription", field="subscriptionId")
            ids = [(await service.managed_subscription(session, actor, wanted)).id]
        else:
            ids = [s.id for s in await service.visible_subscriptions(session, actor)]
        page = await repository.deliveries(session, subscription_ids=ids, request=request)
        edges = [
            WebhookDeliveryEdge(cursor=cursor, node=WebhookDelivery.from_row(r))
            for r, cursor in zip(page.rows, page.cursors, strict=True)
        ]
        return WebhookDeliveryConnection(edges=edges, page_info=PageInfo.of(page))
