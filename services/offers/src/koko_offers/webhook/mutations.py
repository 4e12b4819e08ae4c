"""Mutations of webhooks: subscribe (the secret is returned once), unsubscribe, replay."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.region.validation import validate_ars
from koko_offers.webhook import service
from koko_offers.webhook.types import (
    WebhookDelivery,
    WebhookDeliveryReplayPayload,
    WebhookSubscription,
    WebhookSubscriptionCreateInput,
    WebhookSubscriptionCreatePayload,
    WebhookSubscriptionDeletePayload,
)
from koko_shared.errors import DomainError
from koko_shared.graphql.ids import local_id
from koko_shared.graphql.schema import MutationError


def _rules(info: Info[OffersContext, None]) -> service.WebhookRules:
    request = info.context.request
    if request is None:  # only over HTTP: the rules come with the app
        raise RuntimeError("webhook mutations need the HTTP request")
    rules: service.WebhookRules = request.app.state.webhook_rules
    return rules


def _errors(error: DomainError) -> list[MutationError]:
    return [MutationError(field=e.field, code=e.code, message=e.message) for e in error.errors]


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(description="Subscribe a URL to catalogue events of a region.")
    async def webhook_subscription_create(
        self, info: Info[OffersContext, None], input: WebhookSubscriptionCreateInput
    ) -> WebhookSubscriptionCreatePayload:
        try:
            validate_ars(input.region_ars)
            async with info.context.session.begin_nested():
                created = await service.create_subscription(
                    info.context.session,
                    info.context.actor,
                    region_ars=input.region_ars,
                    url=input.url,
                    event_types=[e.value for e in input.event_types],
                    rules=_rules(info),
                )
        except DomainError as error:
            return WebhookSubscriptionCreatePayload(
                subscription=None, secret=None, errors=_errors(error)
            )
        return WebhookSubscriptionCreatePayload(
            subscription=WebhookSubscription.from_row(created.subscription),
            secret=created.secret,
            errors=[],
        )

    @strawberry.mutation(description="Delete a subscription and its delivery history.")
    async def webhook_subscription_delete(
        self, info: Info[OffersContext, None], id: strawberry.ID
    ) -> WebhookSubscriptionDeletePayload:
        try:
            subscription_id = local_id(id, "WebhookSubscription")
            await service.delete_subscription(
                info.context.session, info.context.actor, subscription_id
            )
        except DomainError as error:
            return WebhookSubscriptionDeletePayload(deleted_id=None, errors=_errors(error))
        return WebhookSubscriptionDeletePayload(deleted_id=id, errors=[])

    @strawberry.mutation(description="Send a delivery again (same webhook-id and body).")
    async def webhook_delivery_replay(
        self, info: Info[OffersContext, None], id: strawberry.ID
    ) -> WebhookDeliveryReplayPayload:
        try:
            delivery_id = local_id(id, "WebhookDelivery")
            delivery = await service.replay(info.context.session, info.context.actor, delivery_id)
        except DomainError as error:
            return WebhookDeliveryReplayPayload(delivery=None, errors=_errors(error))
        return WebhookDeliveryReplayPayload(delivery=WebhookDelivery.from_row(delivery), errors=[])
