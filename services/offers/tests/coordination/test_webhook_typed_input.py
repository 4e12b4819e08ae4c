"""GraphQL and REST hand the webhook service the same typed input (`NewSubscription`): the same
request gives the same subscription, and the service's checks answer both alike."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.webhook.endpoints import SubscriptionIn
from koko_offers.webhook.service import NewSubscription
from koko_offers.webhook.types import WebhookEventType, WebhookSubscriptionCreateInput
from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Catalogue

CREATE = """
mutation($input: WebhookSubscriptionCreateInput!) {
  webhookSubscriptionCreate(input: $input) {
    subscription { id } errors { field code }
  }
}
"""


async def _graphql(
    client: httpx.AsyncClient, headers: dict[str, str], url: str, events: list[str]
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={
            "query": CREATE,
            "variables": {"input": {"regionArs": MAGDEBURG, "url": url, "eventTypes": events}},
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return dict(response.json()["data"]["webhookSubscriptionCreate"])


async def _rest(
    client: httpx.AsyncClient, headers: dict[str, str], url: str, events: list[str]
) -> httpx.Response:
    return await client.post(
        "/webhooks/subscriptions",
        json={"regionArs": MAGDEBURG, "url": url, "eventTypes": events},
        headers=headers,
    )


def test_both_inputs_build_the_same_typed_input() -> None:
    # given the same subscription as GraphQL and REST receive it
    graphql = WebhookSubscriptionCreateInput(
        region_ars=MAGDEBURG,
        url="https://partner.example/hooks",
        event_types=[WebhookEventType.OFFER_UPDATED, WebhookEventType.OFFER_ARCHIVED],
    )
    rest = SubscriptionIn.model_validate(
        {
            "regionArs": MAGDEBURG,
            "url": "https://partner.example/hooks",
            "eventTypes": ["offer.updated", "offer.archived"],
        }
    )
    # when / then
    expected = NewSubscription(
        region_ars=MAGDEBURG,
        url="https://partner.example/hooks",
        event_types=["offer.updated", "offer.archived"],
    )
    assert graphql.to_create() == rest.to_create() == expected


async def test_graphql_and_rest_create_the_same_subscription(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="jobcenter")
    # when
    by_graphql = await _graphql(
        client, partner, "https://partner.example/a", ["OFFER_UPDATED", "OFFER_ARCHIVED"]
    )
    by_rest = await _rest(
        client, partner, "https://partner.example/b", ["offer.updated", "offer.archived"]
    )
    # then
    assert by_graphql["errors"] == [] and by_graphql["subscription"] is not None
    assert by_rest.status_code == 201, by_rest.text
    rows = await session.execute(
        text(
            "SELECT url, region_ars, event_types, owner_subject FROM webhook_subscription "
            "ORDER BY url"
        )
    )
    assert [tuple(row) for row in rows] == [
        ("https://partner.example/a", MAGDEBURG, ["offer.updated", "offer.archived"], "jobcenter"),
        ("https://partner.example/b", MAGDEBURG, ["offer.updated", "offer.archived"], "jobcenter"),
    ]


async def test_the_service_refuses_the_same_input_on_both_paths_alike(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="jobcenter")
    # when: a URL that is no http(s) destination
    by_graphql = await _graphql(client, partner, "ftp://partner.example/", ["OFFER_UPDATED"])
    by_rest = await _rest(client, partner, "ftp://partner.example/", ["offer.updated"])
    # then
    assert [(e["field"], e["code"]) for e in by_graphql["errors"]] == [("url", "BAD_USER_INPUT")]
    assert by_rest.status_code == 422
    assert by_rest.json()["type"].endswith("BAD_USER_INPUT")
    assert [(e["field"], e["code"]) for e in by_rest.json()["errors"]] == [
        ("url", "BAD_USER_INPUT")
    ]
    count = await session.execute(text("SELECT count(*) FROM webhook_subscription"))
    assert count.scalar_one() == 0
