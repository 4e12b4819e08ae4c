"""Provider self-service end to end: a provider updates seats and confirms its offer through the
mutations; partners get the events, and the offer leaves the stale list."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Catalogue


async def _gql(
    client: httpx.AsyncClient, query: str, headers: dict[str, str], **variables: Any
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body = response.json()
    assert "errors" not in body, body
    return dict(body["data"])


async def test_seat_update_and_confirmation_reach_partner_and_stale_list(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given: a published course confirmed 45 days ago, a partner subscription
    provider = await catalogue.provider(name="VHS Magdeburg")
    offer, run = await catalogue.language_course(
        provider=provider, start=date(2027, 1, 4), capacity_max=20, seats_booked=5
    )
    offer.last_confirmed_at = datetime.now(UTC) - timedelta(days=45)
    await session.flush()
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="jobcenter")
    subscribed = await _gql(
        client,
        """mutation($input: WebhookSubscriptionCreateInput!) {
             webhookSubscriptionCreate(input: $input) { errors { message } } }""",
        partner,
        input={
            "regionArs": MAGDEBURG,
            "url": "https://jobcenter.example/koko",
            "eventTypes": ["OFFER_UPDATED", "COURSE_RUN_SEATS_CHANGED"],
        },
    )
    assert subscribed["webhookSubscriptionCreate"]["errors"] == []
    own = tokens.for_role(Role.PROVIDER, MAGDEBURG, organization=str(provider.id))
    stale_query = "query($ars: String!) { staleOffers(regionArs: $ars) { totalCount } }"
    before = await _gql(client, stale_query, own, ars=MAGDEBURG)
    # when: the provider books three more seats and confirms the offer
    seats = await _gql(
        client,
        """mutation($input: CourseRunUpdateSeatsInput!) {
             courseRunUpdateSeats(input: $input) {
               courseRun { freeSeats } errors { message } } }""",
        own,
        input={
            "id": to_global_id("CourseRun", run.id),
            "expectedVersion": run.version,
            "seatsBooked": 8,
        },
    )
    confirmed = await _gql(
        client,
        """mutation($input: OfferVersionInput!) {
             offerConfirm(input: $input) { offer { id } errors { message } } }""",
        own,
        input={"id": to_global_id("Offer", offer.id), "expectedVersion": offer.version},
    )
    after = await _gql(client, stale_query, own, ars=MAGDEBURG)
    # then
    assert seats["courseRunUpdateSeats"]["errors"] == []
    assert seats["courseRunUpdateSeats"]["courseRun"]["freeSeats"] == 12
    assert confirmed["offerConfirm"]["errors"] == []
    assert before["staleOffers"]["totalCount"] == 1
    assert after["staleOffers"]["totalCount"] == 0
    outbox = (
        await session.execute(text("SELECT event_type FROM webhook_delivery ORDER BY created_at"))
    ).scalars()
    assert sorted(outbox) == ["course_run.seats_changed", "offer.updated"]
    free_in_feed = (await client.get(f"/hsds/services/{offer.id}")).json()["capacities"][0]
    assert free_in_feed["available"] == 12
