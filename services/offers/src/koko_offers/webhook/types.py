"""GraphQL types, inputs and payloads of webhooks."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Self

import strawberry

from koko_offers.webhook.models import WebhookDelivery as DeliveryRow
from koko_offers.webhook.models import WebhookSubscription as SubscriptionRow
from koko_shared.graphql.ids import to_global_id
from koko_shared.graphql.schema import MutationError, PageInfo


@strawberry.enum(description="What happened in the public catalogue.")
class WebhookEventType(Enum):
    OFFER_CREATED = "offer.created"
    OFFER_UPDATED = "offer.updated"
    OFFER_ARCHIVED = "offer.archived"
    COURSE_RUN_CREATED = "course_run.created"
    COURSE_RUN_UPDATED = "course_run.updated"
    COURSE_RUN_SEATS_CHANGED = "course_run.seats_changed"


@strawberry.enum
class WebhookDeliveryStatus(Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


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
        "DNS_FAILURE", description="The receiver's host name has no address."
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
    id: strawberry.ID
    region_ars: str
    url: str
    event_types: list[WebhookEventType]
    active: bool
    created_at: datetime | None

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
    id: strawberry.ID
    delivery_id: str = strawberry.field(
        description="The webhook-id header (Standard Webhooks); de-duplicate on it."
    )
    subscription_id: strawberry.ID
    event_type: WebhookEventType
    status: WebhookDeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_outcome: WebhookDeliveryOutcome | None
    delivered_at: datetime | None
    created_at: datetime | None
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


@strawberry.type
class WebhookDeliveryEdge:
    cursor: str
    node: WebhookDelivery


@strawberry.type
class WebhookDeliveryConnection:
    edges: list[WebhookDeliveryEdge]
    page_info: PageInfo


@strawberry.input
class WebhookSubscriptionCreateInput:
    region_ars: str
    url: str
    event_types: list[WebhookEventType]


@strawberry.type
class WebhookSubscriptionCreatePayload:
    subscription: WebhookSubscription | None
    secret: str | None = strawberry.field(
        description="The signing secret, shown only in this answer: store it now."
    )
    errors: list[MutationError]


@strawberry.type
class WebhookSubscriptionDeletePayload:
    deleted_id: strawberry.ID | None
    errors: list[MutationError]


@strawberry.type
class WebhookDeliveryReplayPayload:
    delivery: WebhookDelivery | None
    errors: list[MutationError]
