"""REST for webhooks (the same operations as the GraphQL fields), for partner systems that do
not speak GraphQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from koko_offers.region.validation import validate_ars
from koko_offers.webhook import repository, schemas, service
from koko_offers.webhook.dependencies import WebhookRulesDep
from koko_offers.webhook.destination import MAX_URL_LENGTH
from koko_offers.webhook.models import EVENT_TYPES, WebhookDelivery, WebhookSubscription
from koko_shared.auth.dependencies import CurrentActor
from koko_shared.database.engine import SessionDep
from koko_shared.errors import NotFound
from koko_shared.http.paging import After, First, rest_page, rest_request
from koko_shared.http.parameters import ARS, whole

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

_LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# http(s), a host name whose last label starts with a letter, a port, then anything printable.
URL_PATTERN = (
    f"^https?://({_LABEL}\\.)*[A-Za-z]([A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?"
    "(:[0-9]{1,4})?([/?#][^\\u0000-\\u0020\\\\]*)?$"
)


class SubscriptionIn(BaseModel):
    region_ars: str = Field(
        alias="regionArs",
        description="Regionalschlüssel (12 digits, state 01-16)",
        json_schema_extra={"pattern": whole(ARS)},
    )
    url: str = Field(
        description="Absolute http(s) URL (https in production) with a host name, no "
        "credentials; internal addresses are refused (BLOCKED_DESTINATION)",
        # Stated, not validated here: the service checks it and names the rule it breaks.
        json_schema_extra={"maxLength": MAX_URL_LENGTH, "pattern": URL_PATTERN},
    )
    # The service checks the values (and names them in its error); the schema states them.
    event_types: list[str] = Field(
        alias="eventTypes",
        min_length=1,
        max_length=len(EVENT_TYPES),
        json_schema_extra={"items": {"type": "string", "enum": list(EVENT_TYPES)}},
    )

    def to_create(self) -> service.NewSubscription:
        return service.NewSubscription(
            region_ars=self.region_ars, url=self.url, event_types=list(self.event_types)
        )


def _subscription(row: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "regionArs": row.region_ars,
        "url": row.url,
        "eventTypes": row.event_types,
        "active": row.active,
        "createdAt": row.created_at.isoformat() if row.created_at else None,
    }


def _delivery(row: WebhookDelivery) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": str(row.id),
        "subscriptionId": str(row.subscription_id),
        "eventType": row.event_type,
        "status": row.status,
        "attempts": row.attempts,
        "nextAttemptAt": iso(row.next_attempt_at) if row.status == "pending" else None,
        "lastAttemptAt": iso(row.last_attempt_at),
        "lastStatusCode": row.last_status_code,
        "lastOutcome": row.last_outcome,
        "deliveredAt": iso(row.delivered_at),
        "createdAt": iso(row.created_at),
        "payload": row.body,
    }


@router.post("/subscriptions", status_code=201, summary="Subscribe (the secret is shown once)")
async def create_subscription(
    body: SubscriptionIn,
    session: SessionDep,
    actor: CurrentActor,
    rules: WebhookRulesDep,
    response: Response,
) -> dict[str, Any]:
    validate_ars(body.region_ars)
    created = await service.create_subscription(session, actor, body.to_create(), rules=rules)
    response.headers["Location"] = f"/webhooks/subscriptions/{created.subscription.id}"
    return {**_subscription(created.subscription), "secret": created.secret}


@router.get("/subscriptions", summary="Your subscriptions, a page at a time")
async def list_subscriptions(
    session: SessionDep, actor: CurrentActor, first: First = None, after: After = None
) -> dict[str, Any]:
    """Your subscriptions (coordinators: every subscription of their regions), oldest first:
    `{"items": [...], "nextCursor": ...}`."""
    request = rest_request(first, after)
    page = await service.visible_subscriptions_page(session, actor, request)
    return rest_page(page, _subscription)


@router.delete("/subscriptions/{subscription_id}", status_code=204, summary="Unsubscribe")
async def delete_subscription(
    subscription_id: UUID, session: SessionDep, actor: CurrentActor
) -> Response:
    await service.delete_subscription(session, actor, subscription_id)
    return Response(status_code=204)


@router.get(
    "/subscriptions/{subscription_id}/deliveries",
    summary="Deliveries, newest first, a page at a time",
)
async def list_deliveries(
    subscription_id: UUID,
    session: SessionDep,
    actor: CurrentActor,
    first: First = None,
    after: After = None,
) -> dict[str, Any]:
    """The subscription's deliveries, newest first: `{"items": [...], "nextCursor": ...}`."""
    request = rest_request(first, after)
    subscription = await service.managed_subscription(session, actor, subscription_id)
    page = await repository.deliveries(session, subscription_ids=[subscription.id], request=request)
    return rest_page(page, _delivery)


@router.post(
    "/subscriptions/{subscription_id}/ping",
    status_code=202,
    summary="Send a signed test event (webhook.ping) to the subscription's URL now",
)
async def ping_subscription(
    subscription_id: UUID, session: SessionDep, actor: CurrentActor
) -> dict[str, Any]:
    return _delivery(await service.ping(session, actor, subscription_id))


@router.post("/deliveries/{delivery_id}/replay", summary="Send a delivery again")
async def replay_delivery(
    delivery_id: UUID, session: SessionDep, actor: CurrentActor
) -> dict[str, Any]:
    return _delivery(await service.replay(session, actor, delivery_id))


SCHEMA_MEDIA_TYPE = "application/schema+json"


@router.get("/schemas", summary="The JSON Schema URL of each event type's payload")
async def list_schemas() -> dict[str, str]:
    return {event_type: f"/webhooks/schemas/{event_type}" for event_type in EVENT_TYPES}


@router.get(
    "/schemas/{event_type}",
    summary="JSON Schema (2020-12) of the payload of one event type",
    response_class=Response,
    responses={
        200: {"content": {SCHEMA_MEDIA_TYPE: {"schema": {"type": "object"}}}},
        404: {"description": "No such event type"},
    },
)
async def event_schema(event_type: str) -> Response:
    if event_type not in EVENT_TYPES:
        raise NotFound(
            "event types are {types}", field="eventType", params={"types": ", ".join(EVENT_TYPES)}
        )
    return Response(
        orjson.dumps(schemas.event_schema(event_type)),
        media_type=SCHEMA_MEDIA_TYPE,
        headers={"Cache-Control": "public, max-age=3600"},
    )
