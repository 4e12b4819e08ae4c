"""Every query on the webhook_subscription and webhook_delivery tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import or_, text, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.webhook.models import WebhookDelivery, WebhookSubscription
from koko_shared.pagination import Page, PageRequest, keyset_page
from koko_shared.telemetry import request_id_var


async def add_subscription(
    session: AsyncSession, subscription: WebhookSubscription
) -> WebhookSubscription:
    session.add(subscription)
    await session.flush()
    return subscription


async def get_subscription(
    session: AsyncSession, subscription_id: UUID
) -> WebhookSubscription | None:
    return await session.get(WebhookSubscription, subscription_id)


async def delete_subscription(session: AsyncSession, subscription: WebhookSubscription) -> None:
    await session.delete(subscription)
    await session.flush()


async def subscriptions_of(
    session: AsyncSession, *, owner_subject: str | None, region_prefixes: Sequence[str] | None
) -> list[WebhookSubscription]:
    """Subscriptions the owner made, or (coordinators) every subscription in their regions."""
    query = select(WebhookSubscription).order_by(col(WebhookSubscription.created_at))
    if owner_subject is not None:
        query = query.where(col(WebhookSubscription.owner_subject) == owner_subject)
    if region_prefixes is not None:
        query = query.where(
            or_(*(col(WebhookSubscription.region_ars).startswith(p) for p in region_prefixes))
        )
    return list((await session.execute(query)).scalars())


async def visible_page(
    session: AsyncSession,
    *,
    owner_subject: str,
    region_prefixes: Sequence[str] | None,
    request: PageRequest,
) -> Page[WebhookSubscription]:
    """A page of the subscriptions the owner made and (coordinators) every subscription in the
    regions of `region_prefixes` (an empty list: every region; None: none), oldest first."""
    visible = col(WebhookSubscription.owner_subject) == owner_subject
    if region_prefixes is not None:
        in_regions = (
            or_(*(col(WebhookSubscription.region_ars).startswith(p) for p in region_prefixes))
            if region_prefixes
            else true()
        )
        visible = or_(visible, in_regions)
    keys = [col(WebhookSubscription.created_at), col(WebhookSubscription.id)]
    values = request.decode(datetime.fromisoformat, UUID)
    query = keyset_page(
        select(WebhookSubscription).where(visible), keys, [False, False], request, values
    )
    rows = list((await session.execute(query)).scalars())
    return Page.from_overfetch(rows, [(r.created_at, str(r.id)) for r in rows], request)


async def count_subscriptions_locked(session: AsyncSession, *, owner_subject: str) -> int:
    """How many subscriptions the owner has, holding a per-owner lock until the transaction
    ends (the quota check and the insert after it cannot interleave with another request's)."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext('webhook_subscription:' || :owner))"),
        {"owner": owner_subject},
    )
    result = await session.execute(
        text("SELECT count(*) FROM webhook_subscription WHERE owner_subject = :owner"),
        {"owner": owner_subject},
    )
    return int(result.scalar_one())


async def count_organization_subscriptions_locked(
    session: AsyncSession, *, organization: str, region_ars: str
) -> int:
    """How many subscriptions the organisation's accounts hold for the region, holding a lock
    per organisation and region until the transaction ends (as for the owner's count)."""
    await session.execute(
        text(
            "SELECT pg_advisory_xact_lock("
            "hashtext('webhook_subscription_org:' || :organization || ':' || :region))"
        ),
        {"organization": organization, "region": region_ars},
    )
    result = await session.execute(
        text(
            "SELECT count(*) FROM webhook_subscription "
            "WHERE owner_organization = :organization AND region_ars = :region"
        ),
        {"organization": organization, "region": region_ars},
    )
    return int(result.scalar_one())


async def enqueue_one(
    session: AsyncSession, *, subscription_id: UUID, event_type: str, body: str
) -> WebhookDelivery:
    """One pending delivery for one subscription, due now (the database's now, as for every
    other delivery)."""
    result = await session.execute(
        text(
            """
            INSERT INTO webhook_delivery
                (id, subscription_id, event_type, body, status, attempts, next_attempt_at,
                 request_id)
            VALUES (gen_random_uuid(), :subscription_id, :event_type, :body, 'pending', 0, now(),
                    :request_id)
            RETURNING id
            """
        ),
        {
            "subscription_id": subscription_id,
            "event_type": event_type,
            "body": body,
            "request_id": request_id_var.get() or None,
        },
    )
    delivery = await session.get(WebhookDelivery, result.scalar_one())
    assert delivery is not None
    return delivery


async def enqueue_for_change(
    session: AsyncSession,
    *,
    limit: int,
    event_type: str,
    region_ars: str,
    change_log_id: int | None,
    body: str,
) -> int:
    """One pending delivery per active subscription whose region covers the change and that
    wants this event type, in the transaction of the change (the outbox); at most `limit`, the
    oldest subscriptions first."""
    result = await session.execute(
        text(
            """
            INSERT INTO webhook_delivery
                (id, subscription_id, change_log_id, event_type, body, status, attempts,
                 next_attempt_at, request_id)
            SELECT gen_random_uuid(), s.id, :change_log_id, CAST(:event_type AS text), :body,
                   'pending', 0,
                   now(), CAST(:request_id AS text)
            FROM webhook_subscription s
            WHERE s.active AND CAST(:event_type AS text) = ANY(s.event_types)
              AND CAST(:region_ars AS text) LIKE s.region_prefix || '%'
            ORDER BY s.created_at, s.id
            LIMIT :limit
            """
        ),
        {
            "limit": limit,
            "change_log_id": change_log_id,
            "event_type": event_type,
            "body": body,
            "region_ars": region_ars,
            "request_id": request_id_var.get() or None,
        },
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    id: UUID
    event_type: str
    body: str
    attempts: int
    url: str
    secret_encrypted: str
    request_id: str | None = None


async def claim_due(
    session: AsyncSession, *, limit: int, lease_seconds: float
) -> list[ClaimedDelivery]:
    """Due deliveries, locked against other replicas (SKIP LOCKED) and leased: if this process
    dies while sending, the lease runs out and any replica sends them again (same id)."""
    result = await session.execute(
        text(
            """
            WITH due AS (
                SELECT d.id FROM webhook_delivery d
                WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_delivery d
            SET next_attempt_at = now() + make_interval(secs => :lease),
                attempts = d.attempts + 1,
                last_attempt_at = now()
            FROM due, webhook_subscription s
            WHERE d.id = due.id AND s.id = d.subscription_id
            RETURNING d.id, d.event_type, d.body, d.attempts, s.url, s.secret_encrypted,
                      d.request_id
            """
        ),
        {"limit": limit, "lease": lease_seconds},
    )
    return [ClaimedDelivery(**row._mapping) for row in result]


async def mark_delivered(session: AsyncSession, delivery_id: UUID, *, status_code: int) -> None:
    await session.execute(
        text(
            """
            UPDATE webhook_delivery
            SET status = 'delivered', delivered_at = now(), last_status_code = :code,
                last_outcome = NULL
            WHERE id = :id AND status = 'pending'
            """
        ),
        {"id": delivery_id, "code": status_code},
    )


async def mark_attempt_failed(
    session: AsyncSession,
    delivery_id: UUID,
    *,
    status_code: int | None,
    outcome: str,
    retry_in_seconds: float | None,
) -> None:
    """Schedule the next attempt, or give up (`retry_in_seconds` None)."""
    await session.execute(
        text(
            """
            UPDATE webhook_delivery
            SET last_status_code = :code, last_outcome = :outcome,
                status = CASE WHEN CAST(:retry AS float8) IS NULL THEN 'failed' ELSE status END,
                next_attempt_at = CASE WHEN CAST(:retry AS float8) IS NULL THEN next_attempt_at
                    ELSE now() + make_interval(secs => CAST(:retry AS float8)) END
            WHERE id = :id AND status = 'pending'
            """
        ),
        {"id": delivery_id, "code": status_code, "outcome": outcome, "retry": retry_in_seconds},
    )


async def get_delivery(session: AsyncSession, delivery_id: UUID) -> WebhookDelivery | None:
    return await session.get(WebhookDelivery, delivery_id)


async def deliveries(
    session: AsyncSession,
    *,
    subscription_ids: Sequence[UUID],
    request: PageRequest,
) -> Page[WebhookDelivery]:
    """Newest first, one page beyond the request's cursor."""
    query = select(WebhookDelivery).where(
        col(WebhookDelivery.subscription_id).in_(list(subscription_ids))
    )
    keys = [col(WebhookDelivery.created_at), col(WebhookDelivery.id)]
    values = request.decode(datetime.fromisoformat, UUID)
    query = keyset_page(query, keys, [True, True], request, values)
    rows = list((await session.execute(query)).scalars())
    return Page.from_overfetch(rows, [(r.created_at, str(r.id)) for r in rows], request)


async def requeue(session: AsyncSession, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send this delivery again soon, with the same id and body."""
    await session.execute(
        text(
            """
            UPDATE webhook_delivery
            SET status = 'pending', next_attempt_at = now(), attempts = 0, delivered_at = NULL
            WHERE id = :id
            """
        ),
        {"id": delivery.id},
    )
    await session.refresh(delivery)
    return delivery


async def purge_finished(session: AsyncSession, *, older_than_days: int) -> int:
    """Forget delivered and failed deliveries after the retention period."""
    result = await session.execute(
        text(
            """
            DELETE FROM webhook_delivery
            WHERE status IN ('delivered', 'failed')
              AND created_at < now() - make_interval(days => :days)
            """
        ),
        {"days": older_than_days},
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def all_subscriptions_locked(session: AsyncSession) -> list[WebhookSubscription]:
    """Every subscription, locked for update (re-encrypting their secrets after a key rotation)."""
    query = select(WebhookSubscription).order_by(col(WebhookSubscription.id)).with_for_update()
    return list((await session.execute(query)).scalars())
