"""Root query fields of webhooks: the caller's subscriptions and their recent deliveries."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

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
from koko_shared.errors import InvalidInput
from koko_shared.graphql.ids import local_id
from koko_shared.graphql.schema import PageInfo
from koko_shared.pagination import decode_cursor, encode_cursor, page_size


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
        subscription_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> WebhookDeliveryConnection:
        session, actor = info.context.session, info.context.actor
        size = page_size(first)
        if subscription_id is not None:
            wanted = local_id(subscription_id, "WebhookSubscription", field="subscriptionId")
            ids = [(await service.managed_subscription(session, actor, wanted)).id]
        else:
            ids = [s.id for s in await service.visible_subscriptions(session, actor)]
        keyset = None
        if after is not None:
            raw = decode_cursor(after, arity=2)
            try:
                keyset = (datetime.fromisoformat(raw[0]), UUID(raw[1]))
            except (TypeError, ValueError) as exc:
                raise InvalidInput("cursor is not valid", field="after") from exc
        rows = await repository.deliveries(session, subscription_ids=ids, first=size, after=keyset)
        edges = [
            WebhookDeliveryEdge(
                cursor=encode_cursor([r.created_at.isoformat() if r.created_at else "", str(r.id)]),
                node=WebhookDelivery.from_row(r),
            )
            for r in rows[:size]
        ]
        return WebhookDeliveryConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
            ),
        )
