"""Webhook subscription and delivery (outbox) tables."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, Uuid, text
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import created_at_column, text_array_column, timestamp_column

EVENT_TYPES = (
    "offer.created",
    "offer.updated",
    "offer.archived",
    "course_run.created",
    "course_run.updated",
    "course_run.seats_changed",
)
# A test event a partner asks for (webhookSubscriptionPing): never subscribed to, always sent.
PING_EVENT = "webhook.ping"
DELIVERY_STATUSES = ("pending", "delivered", "failed")
# What partners see of a failed attempt: a class, never the raw error text (which would make the
# delivery log a scanner of whatever the URL points at).
DELIVERY_OUTCOMES = (
    "TIMEOUT",
    "CONNECTION_REFUSED",
    "CONNECTION_FAILED",
    "DNS_FAILURE",
    "TLS",
    "HTTP_STATUS",
    "BLOCKED_DESTINATION",
)


class WebhookSubscription(OffersModel, table=True):
    __tablename__ = "webhook_subscription"
    __table_args__ = (
        Index(
            "ix_webhook_subscription_owner_organization_region_ars",
            "owner_organization",
            "region_ars",
        ),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    region_ars: str = Field(
        sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False, index=True)
    )
    # ars_prefix(region_ars): changes whose region starts with it match the subscription.
    region_prefix: str = Field(max_length=12)
    owner_subject: str = Field(max_length=200, index=True)
    # The partner organisation the owner subscribed for (its grant's), if any: the quota counts
    # per organisation and region too, so one organisation's many accounts share one budget.
    owner_organization: str | None = Field(default=None, max_length=200)
    url: str = Field(max_length=1000)
    event_types: list[str] = Field(default_factory=list, sa_column=text_array_column())
    # The signing secret must be readable to sign each delivery (HMAC), so it is not hashed but
    # encrypted with OFFERS_WEBHOOK_SECRET_KEY (see signing.SecretBox).
    secret_encrypted: str = Field(sa_column=Column(Text, nullable=False))
    active: bool = True
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())


class WebhookDelivery(OffersModel, table=True):
    """One event for one subscription. Written in the transaction of the change (outbox), sent
    by the dispatcher; `id` is the webhook-id a receiver de-duplicates on."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="status"),
        CheckConstraint(
            "last_outcome IS NULL OR last_outcome IN ("
            + ", ".join(f"'{o}'" for o in DELIVERY_OUTCOMES)
            + ")",
            name="last_outcome",
        ),
        Index(
            "ix_webhook_delivery_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_webhook_delivery_subscription", "subscription_id", "created_at"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    subscription_id: UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("webhook_subscription.id", ondelete="CASCADE"), nullable=False
        )
    )
    change_log_id: int | None = None
    # The request that caused it (its X-Request-Id), carried into the dispatcher's log lines.
    request_id: str | None = Field(default=None, max_length=64)
    event_type: str = Field(max_length=40)
    # The exact bytes sent (and signed) on every attempt and replay.
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    last_attempt_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    last_status_code: int | None = None
    last_outcome: str | None = Field(default=None, max_length=40)
    delivered_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
