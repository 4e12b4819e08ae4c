"""Webhook rules: which change is which event, who may subscribe, signing. Importing this module
registers the outbox listener on the change log, so every recorded change of an offer or course
run writes its deliveries in the same transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.change_log import service as change_log
from koko_offers.change_log.models import ChangeLogEntry
from koko_offers.course_run.models import CourseRun
from koko_offers.offer.models import Offer
from koko_offers.region import repository as region_repository
from koko_offers.settings import OffersSettings
from koko_offers.webhook import payload, repository, signing
from koko_offers.webhook.destination import (
    DestinationPolicy,
    Resolver,
    check_subscription_url,
    system_resolver,
)
from koko_offers.webhook.models import (
    EVENT_TYPES,
    PING_EVENT,
    WebhookDelivery,
    WebhookSubscription,
)
from koko_shared.auth.actor import Actor, Role, ars_prefix
from koko_shared.errors import DomainError, ErrorCode, InvalidInput, NotFound, PermissionDenied
from koko_shared.pagination import Page, PageRequest

log = logging.getLogger("koko.offers.webhooks")


class QuotaExceeded(DomainError):
    code = ErrorCode.QUOTA_EXCEEDED
    status = 429


@dataclass(frozen=True, slots=True)
class WebhookRules:
    """What the settings say about webhooks, built once per app by create_app; handlers and the
    GraphQL context get them through `webhook.dependencies.WebhookRulesDep`."""

    box: signing.SecretBox
    policy: DestinationPolicy
    require_https: bool
    max_subscriptions_per_owner: int
    max_subscriptions_per_organization: int = 20
    resolve: Resolver = system_resolver

    @classmethod
    def from_settings(
        cls, settings: OffersSettings, resolve: Resolver = system_resolver
    ) -> WebhookRules:
        return cls(
            box=signing.SecretBox(settings.webhook_secret_key),
            policy=DestinationPolicy.from_settings(settings.webhook_allowed_networks),
            require_https=settings.is_production,
            max_subscriptions_per_owner=settings.webhook_max_subscriptions_per_owner,
            max_subscriptions_per_organization=settings.webhook_max_subscriptions_per_organization,
            resolve=resolve,
        )


# One change never fans out to more deliveries than this (the oldest subscriptions first): with
# the quota per account it bounds the work and outbound traffic one edit can cause.
MAX_DELIVERIES_PER_CHANGE = 500


def event_type_of(entity: str, action: str) -> str | None:
    """The partner-facing event of a change-log action, or None for changes partners do not get."""
    if entity == "offer":
        if action in ("created", "published"):
            return "offer.created"
        if action in ("archived", "deleted"):
            return "offer.archived"
        return "offer.updated"
    if entity == "course_run":
        if action == "created":
            return "course_run.created"
        if action in ("seats_updated", "seats_changed"):
            return "course_run.seats_changed"
        return "course_run.updated"
    return None


async def on_change(session: AsyncSession, entry: ChangeLogEntry) -> None:
    event_type = event_type_of(entry.entity, entry.action)
    if event_type is None:
        return
    run = await session.get(CourseRun, entry.entity_id) if entry.entity == "course_run" else None
    offer_id = run.offer_id if run is not None else entry.entity_id
    offer = await session.get(Offer, offer_id)
    if offer is not None and offer.status == "draft":
        return  # partners only hear about the public catalogue
    body = payload.event_body(
        entry,
        event_type,
        datetime.now(UTC),
        offer_id=offer_id,
        current_free_seats=(
            payload.free_seats(run.capacity_max, run.seats_booked) if run is not None else None
        ),
    )
    enqueued = await repository.enqueue_for_change(
        session,
        limit=MAX_DELIVERIES_PER_CHANGE,
        event_type=event_type,
        region_ars=entry.region_ars,
        change_log_id=entry.id,
        body=body,
    )
    if enqueued >= MAX_DELIVERIES_PER_CHANGE:
        log.warning(
            "webhook fan-out capped",
            extra={"change_log_id": entry.id, "deliveries": enqueued},
        )


change_log.add_listener(on_change)


def _may_subscribe(actor: Actor, region_ars: str) -> bool:
    return actor.has_role(Role.PARTNER, region_ars) or actor.has_role(Role.COORDINATOR, region_ars)


def partner_organization(actor: Actor, region_ars: str) -> str | None:
    """The organisation a partner subscribes for: the `organization` of their partner grant for
    the region (the first by name if several), or None (the account's own quota only)."""
    organizations = sorted(
        g.organization for g in actor.grants_for(Role.PARTNER, region_ars) if g.organization
    )
    return organizations[0] if organizations else None


@dataclass(frozen=True, slots=True)
class NewSubscription:
    """A subscription as GraphQL and REST hand it over: the region whose events to send, the
    URL to send them to, and the event types."""

    region_ars: str
    url: str
    event_types: list[str]


@dataclass(frozen=True, slots=True)
class CreatedSubscription:
    subscription: WebhookSubscription
    secret: str


async def create_subscription(
    session: AsyncSession,
    actor: Actor,
    new: NewSubscription,
    *,
    rules: WebhookRules,
) -> CreatedSubscription:
    region_ars, url, event_types = new.region_ars, new.url, new.event_types
    if not _may_subscribe(actor, region_ars):
        raise PermissionDenied("only partners and coordinators of this region can subscribe")
    if await region_repository.get(session, region_ars) is None:
        raise NotFound(
            "region {region} does not exist", field="regionArs", params={"region": region_ars}
        )
    check_subscription_url(url, policy=rules.policy, require_https=rules.require_https)
    unknown = [e for e in event_types if e not in EVENT_TYPES]
    if unknown or not event_types:
        raise InvalidInput(
            "eventTypes must be some of {allowed}",
            field="eventTypes",
            params={"allowed": ", ".join(EVENT_TYPES)},
        )
    # Counted under a lock per owner (and per organisation and region), so parallel requests
    # cannot pass a quota together.
    existing = await repository.count_subscriptions_locked(session, owner_subject=actor.subject)
    if existing >= rules.max_subscriptions_per_owner:
        raise QuotaExceeded(
            f"at most {rules.max_subscriptions_per_owner} webhook subscriptions per account; "
            "delete unused ones first",
            field=None,
        )
    organization = partner_organization(actor, region_ars)
    if organization is not None:
        held = await repository.count_organization_subscriptions_locked(
            session, organization=organization, region_ars=region_ars
        )
        if held >= rules.max_subscriptions_per_organization:
            raise QuotaExceeded(
                f"at most {rules.max_subscriptions_per_organization} webhook subscriptions per "
                "organisation and region (all its accounts together); delete unused ones first",
                field=None,
            )
    secret = signing.new_secret()
    subscription = await repository.add_subscription(
        session,
        WebhookSubscription(
            region_ars=region_ars,
            region_prefix=ars_prefix(region_ars),
            owner_subject=actor.subject,
            owner_organization=organization,
            url=url,
            event_types=sorted(set(event_types), key=EVENT_TYPES.index),
            secret_encrypted=rules.box.encrypt(secret),
        ),
    )
    return CreatedSubscription(subscription, secret)


def _may_manage(actor: Actor, subscription: WebhookSubscription) -> bool:
    return subscription.owner_subject == actor.subject or actor.has_role(
        Role.COORDINATOR, subscription.region_ars
    )


async def managed_subscription(
    session: AsyncSession, actor: Actor, subscription_id: UUID
) -> WebhookSubscription:
    subscription = await repository.get_subscription(session, subscription_id)
    if subscription is None or not _may_manage(actor, subscription):
        # The same answer for "not yours" and "not there": ids are not an oracle.
        raise NotFound("no such webhook subscription", field="id")
    return subscription


async def delete_subscription(session: AsyncSession, actor: Actor, subscription_id: UUID) -> None:
    subscription = await managed_subscription(session, actor, subscription_id)
    await repository.delete_subscription(session, subscription)


async def visible_subscriptions(session: AsyncSession, actor: Actor) -> list[WebhookSubscription]:
    if actor.is_public:
        raise PermissionDenied("sign in to see webhook subscriptions")
    own = await repository.subscriptions_of(
        session, owner_subject=actor.subject, region_prefixes=None
    )
    coordinated = actor.regions(Role.COORDINATOR)
    if not coordinated:
        return own
    prefixes = [] if "*" in coordinated else [ars_prefix(r) for r in coordinated]
    others = await repository.subscriptions_of(
        session, owner_subject=None, region_prefixes=prefixes or None
    )
    seen = {s.id for s in own}
    return own + [s for s in others if s.id not in seen]


async def visible_subscriptions_page(
    session: AsyncSession, actor: Actor, request: PageRequest
) -> Page[WebhookSubscription]:
    """A page of what `visible_subscriptions` returns: the caller's own subscriptions and
    (coordinators) every subscription of their regions."""
    if actor.is_public:
        raise PermissionDenied("sign in to see webhook subscriptions")
    coordinated = actor.regions(Role.COORDINATOR)
    prefixes = None
    if coordinated:
        prefixes = [] if "*" in coordinated else [ars_prefix(r) for r in coordinated]
    return await repository.visible_page(
        session, owner_subject=actor.subject, region_prefixes=prefixes, request=request
    )


async def replay(session: AsyncSession, actor: Actor, delivery_id: UUID) -> WebhookDelivery:
    delivery = await repository.get_delivery(session, delivery_id)
    if delivery is None:
        raise NotFound("no such webhook delivery", field="id")
    await managed_subscription(session, actor, delivery.subscription_id)
    return await repository.requeue(session, delivery)


async def ping(session: AsyncSession, actor: Actor, subscription_id: UUID) -> WebhookDelivery:
    """Queue a signed test event for one subscription (the dispatcher sends it like any other
    within a poll interval): a partner checks their receiver and its signature check."""
    subscription = await managed_subscription(session, actor, subscription_id)
    body = payload.ping_body(subscription.id, subscription.region_ars, datetime.now(UTC))
    return await repository.enqueue_one(
        session, subscription_id=subscription.id, event_type=PING_EVENT, body=body
    )


async def reencrypt_secrets(session: AsyncSession, box: signing.SecretBox) -> int:
    """After a key rotation (new key first in the setting), encrypt every stored signing secret
    with the new key, so the old key can leave the setting. Returns how many were rewritten."""
    subscriptions = await repository.all_subscriptions_locked(session)
    for subscription in subscriptions:
        subscription.secret_encrypted = box.rotate(subscription.secret_encrypted)
    await session.flush()
    return len(subscriptions)
