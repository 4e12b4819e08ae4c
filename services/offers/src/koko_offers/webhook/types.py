"""GraphQL types, inputs and payloads of webhooks."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Self

import strawberry

from koko_offers.webhook.models import WebhookDelivery as DeliveryRow
from koko_offers.webhook.models import WebhookSubscription as SubscriptionRow
from koko_offers.webhook.service import NewSubscription
from koko_shared.graphql.ids import to_global_id
from koko_shared.graphql.schema import MutationError


@strawberry.enum(description="What happened in the public catalogue.")
class WebhookEventType(Enum):
    OFFER_CREATED = strawberry.enum_value(
        "offer.created", description="An offer was created or published."
    )
    OFFER_UPDATED = strawberry.enum_value(
        "offer.updated", description="An offer was changed (including a confirmation)."
    )
    OFFER_ARCHIVED = strawberry.enum_value(
        "offer.archived", description="An offer was archived or deleted."
    )
    COURSE_RUN_CREATED = strawberry.enum_value(
        "course_run.created", description="A course run was created."
    )
    COURSE_RUN_UPDATED = strawberry.enum_value(
        "course_run.updated", description="A course run was changed (other than its seats)."
    )
    COURSE_RUN_SEATS_CHANGED = strawberry.enum_value(
        "course_run.seats_changed", description="The seats of a course run were reported."
    )
    WEBHOOK_PING = strawberry.enum_value(
        "webhook.ping",
        description="A test event sent on request (webhookSubscriptionPing); not subscribable.",
    )


@strawberry.enum(description="Where a delivery stands.")
class WebhookDeliveryStatus(Enum):
    PENDING = strawberry.enum_value(
        "pending", description="Not delivered yet; the next attempt is at `nextAttemptAt`."
    )
    DELIVERED = strawberry.enum_value(
        "delivered", description="The receiver answered with a 2xx status."
    )
    FAILED = strawberry.enum_value(
        "failed", description="Given up after the last attempt; replay it to try again."
    )


@strawberry.enum(
    description="Why the last attempt of a delivery failed: a class, never the raw error text."
)
class WebhookDeliveryOutcome(Enum):
    TIMEOUT = strawberry.enum_value("TIMEOUT", description="No answer within the timeout.")
    CONNECTION_REFUSED = strawberry.enum_value(
        "CONNECTION_REFUSED", description="The receiver refused the connection."
    )
    CONNECTION_FAILED = strawberry.enum_value(
        "CONNECTION_FAILED", description="The connection failed otherwise (reset, unreachable)."
    )
    DNS_FAILURE = strawberry.enum_value(
        "DNS_FAILURE",
        description="The receiver's host name has no public address (none, or only internal "
        "ones: the two are not told apart); retried.",
    )
    TLS = strawberry.enum_value(
        "TLS", description="TLS failed (certificate not valid for the host, expired, untrusted)."
    )
    HTTP_STATUS = strawberry.enum_value(
        "HTTP_STATUS", description="The receiver answered with a non-2xx status (lastStatusCode)."
    )
    BLOCKED_DESTINATION = strawberry.enum_value(
        "BLOCKED_DESTINATION",
        description="The URL points (now) at an internal or reserved address; not retried.",
    )


@strawberry.type(description="A partner's subscription to catalogue events of a region.")
class WebhookSubscription:
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits): events of this region and the regions inside "
        "it are sent."
    )
    url: str = strawberry.field(description="The address events are sent to (HTTPS in production).")
    event_types: list[WebhookEventType] = strawberry.field(description="The events sent.")
    active: bool = strawberry.field(description="Whether events are sent to it.")
    created_at: datetime | None = strawberry.field(description="When the subscription was created.")

    @classmethod
    def from_row(cls, row: SubscriptionRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("WebhookSubscription", row.id)),
            region_ars=row.region_ars,
            url=row.url,
            event_types=[WebhookEventType(e) for e in row.event_types],
            active=row.active,
            created_at=row.created_at,
        )


@strawberry.type(description="One event sent (or to be sent) to one subscription.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    delivery_id: str = strawberry.field(
        description="The webhook-id header (Standard Webhooks); de-duplicate on it."
    )
    subscription_id: strawberry.ID = strawberry.field(description="Global id of the subscription.")
    event_type: WebhookEventType = strawberry.field(description="The event sent.")
    status: WebhookDeliveryStatus = strawberry.field(description="Where the delivery stands.")
    attempts: int = strawberry.field(description="Attempts made so far.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next attempt is due; null when none is planned."
    )
    last_attempt_at: datetime | None = strawberry.field(
        description="When the last attempt was made; null before the first."
    )
    last_status_code: int | None = strawberry.field(
        description="HTTP status of the receiver's last answer; null without an answer."
    )
    last_outcome: WebhookDeliveryOutcome | None = strawberry.field(
        description="Why the last attempt failed; null when it did not fail or none was made."
    )
    delivered_at: datetime | None = strawberry.field(
        description="When the receiver accepted the event; null until then."
    )
    created_at: datetime | None = strawberry.field(description="When the delivery was queued.")
    payload: str = strawberry.field(description="The exact JSON body that is signed and sent.")

    @classmethod
    def from_row(cls, row: DeliveryRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("WebhookDelivery", row.id)),
            delivery_id=str(row.id),
            subscription_id=strawberry.ID(to_global_id("WebhookSubscription", row.subscription_id)),
            event_type=WebhookEventType(row.event_type),
            status=WebhookDeliveryStatus(row.status),
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at if row.status == "pending" else None,
            last_attempt_at=row.last_attempt_at,
            last_status_code=row.last_status_code,
            last_outcome=WebhookDeliveryOutcome(row.last_outcome) if row.last_outcome else None,
            delivered_at=row.delivered_at,
            created_at=row.created_at,
            payload=row.body,
        )


@strawberry.input(description="A new webhook subscription.")
class WebhookSubscriptionCreateInput:
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the region whose events to send; you need a "
        "partner or coordinator role there."
    )
    url: str = strawberry.field(
        description="The address to send events to (HTTPS in production); internal addresses are "
        "refused."
    )
    event_types: list[WebhookEventType] = strawberry.field(description="The events to send.")

    def to_create(self) -> NewSubscription:
        return NewSubscription(
            region_ars=self.region_ars,
            url=self.url,
            event_types=[str(event_type.value) for event_type in self.event_types],
        )


@strawberry.type(description="Result of webhookSubscriptionCreate.")
class WebhookSubscriptionCreatePayload:
    subscription: WebhookSubscription | None = strawberry.field(
        description="The new subscription; null on failure."
    )
    secret: str | None = strawberry.field(
        description="The signing secret, shown only in this answer: store it now."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )


@strawberry.type(description="Result of webhookSubscriptionDelete.")
class WebhookSubscriptionDeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        description="Global id of the deleted subscription; null on failure."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )


@strawberry.type(description="Result of webhookSubscriptionPing.")
class WebhookSubscriptionPingPayload:
    delivery: WebhookDelivery | None = strawberry.field(
        description="The test delivery, queued (sent within seconds); null on failure."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )


@strawberry.type(description="Result of webhookDeliveryReplay.")
class WebhookDeliveryReplayPayload:
    delivery: WebhookDelivery | None = strawberry.field(
        description="The delivery, queued again; null on failure."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )
