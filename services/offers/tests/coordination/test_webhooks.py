"""Webhooks: subscriptions, the transactional outbox, signed deliveries, retries and replay."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks import Webhook, WebhookVerificationError

from koko_offers.change_log import service as change_log
from koko_offers.settings import OffersSettings
from koko_offers.webhook.dispatcher import Dispatcher, RetryPolicy
from koko_shared.auth.actor import Actor, Role
from koko_shared.graphql.ids import local_id
from koko_shared.testing.identity import TestTokens

from .conftest import BOERDE, MAGDEBURG, Catalogue

CREATE = """
mutation($input: WebhookSubscriptionCreateInput!) {
  webhookSubscriptionCreate(input: $input) {
    subscription { id regionArs url eventTypes }
    secret
    errors { field code message }
  }
}
"""
DELIVERIES = """
query { webhookDeliveries(first: 10) {
  edges { node { id deliveryId eventType status attempts lastStatusCode payload } }
} }
"""
REPLAY = """
mutation($id: ID!) { webhookDeliveryReplay(id: $id) {
  delivery { deliveryId status attempts } errors { code message }
} }
"""
EDITOR = Actor(subject="editor")


async def _gql(
    client: httpx.AsyncClient, query: str, headers: dict[str, str], **variables: Any
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return dict(body["data"])


async def _subscribe(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    region: str = MAGDEBURG,
    events: tuple[str, ...] = ("OFFER_UPDATED", "COURSE_RUN_SEATS_CHANGED"),
    url: str = "https://partner.example/hooks",
) -> dict[str, Any]:
    data = await _gql(
        client,
        CREATE,
        headers,
        input={"regionArs": region, "url": url, "eventTypes": list(events)},
    )
    return dict(data["webhookSubscriptionCreate"])


async def _outbox(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(
        text("SELECT id, subscription_id, event_type, body, status FROM webhook_delivery")
    )
    return [dict(r._mapping) for r in rows]


async def test_partner_subscribes_and_gets_the_secret_once(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="jobcenter")
    # when
    created = await _subscribe(client, partner)
    listed = await _gql(
        client, "{ webhookSubscriptions { edges { node { id url eventTypes } } } }", partner
    )
    # then
    assert created["errors"] == []
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 30
    assert created["subscription"]["eventTypes"] == ["OFFER_UPDATED", "COURSE_RUN_SEATS_CHANGED"]
    assert [e["node"] for e in listed["webhookSubscriptions"]["edges"]] == [
        {k: created["subscription"][k] for k in ("id", "url", "eventTypes")}
    ]
    assert "secret" not in str(listed)


async def test_coordinators_page_through_their_regions_subscriptions(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given: three partners in Magdeburg, one in Börde
    await catalogue.region(MAGDEBURG)
    await catalogue.region(BOERDE)
    made = [
        (await _subscribe(client, tokens.for_role(Role.PARTNER, MAGDEBURG, subject=s)))[
            "subscription"
        ]["id"]
        for s in ("a", "b", "c")
    ]
    await _subscribe(client, tokens.for_role(Role.PARTNER, BOERDE, subject="d"))
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    query = """query($after: String) {
      webhookSubscriptions(first: 2, after: $after) {
        edges { node { id } } pageInfo { hasNextPage endCursor }
      }
    }"""
    # when the Magdeburg coordinator pages two at a time
    first = (await _gql(client, query, coordinator))["webhookSubscriptions"]
    second = (await _gql(client, query, coordinator, after=first["pageInfo"]["endCursor"]))[
        "webhookSubscriptions"
    ]
    # then: Magdeburg's three, each once, none of Börde's (all made in the test's one
    # transaction, so at one now(): their order is the id's); a partner sees only its own
    seen = [e["node"]["id"] for e in first["edges"] + second["edges"]]
    assert len(seen) == 3 and set(seen) == set(made)
    assert first["pageInfo"]["hasNextPage"] and not second["pageInfo"]["hasNextPage"]
    own = await _gql(
        client,
        "{ webhookSubscriptions { edges { node { id } } } }",
        tokens.for_role(Role.PARTNER, MAGDEBURG, subject="b"),
    )
    assert [e["node"]["id"] for e in own["webhookSubscriptions"]["edges"]] == [made[1]]


async def test_subscription_refusals_are_payload_errors(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    await catalogue.region(MAGDEBURG)
    other_region = await _subscribe(client, tokens.for_role(Role.PARTNER, BOERDE))
    provider = await _subscribe(client, tokens.for_role(Role.PROVIDER, MAGDEBURG))
    bad_url = await _subscribe(
        client, tokens.for_role(Role.PARTNER, MAGDEBURG), url="ftp://partner.example"
    )
    assert other_region["errors"][0]["code"] == "FORBIDDEN"
    assert provider["errors"][0]["code"] == "FORBIDDEN"
    assert bad_url["errors"][0]["field"] == "url"
    assert other_region["secret"] is None


async def test_changes_write_outbox_rows_in_their_transaction(
    client: httpx.AsyncClient,
    catalogue: Catalogue,
    tokens: TestTokens,
    session: AsyncSession,
) -> None:
    # given: a Magdeburg partner for offer updates and seat changes, a state-wide partner for
    # new course runs only, and a Börde partner
    await catalogue.region(BOERDE)
    await catalogue.region(MAGDEBURG)
    magdeburg = await _subscribe(client, tokens.for_role(Role.PARTNER, MAGDEBURG, subject="a"))
    state = await _subscribe(
        client,
        tokens.for_role(Role.COORDINATOR, "150000000000", subject="b"),
        region="150000000000",
        events=("COURSE_RUN_CREATED",),
    )
    await _subscribe(client, tokens.for_role(Role.PARTNER, BOERDE, subject="c"), region=BOERDE)
    offer, run = await catalogue.language_course(start=date(2027, 1, 4))
    provider = await catalogue.provider()
    draft = await catalogue.offer(provider, status="draft")
    # when
    for entity, entity_id, action in [
        ("offer", offer.id, "updated"),
        ("course_run", run.id, "seats_updated"),
        ("course_run", run.id, "created"),
        ("offer", offer.id, "translated_nothing_partners_know"),
        ("offer", draft.id, "updated"),  # drafts are not public
    ]:
        await change_log.record(
            session,
            EDITOR,
            entity=entity,
            entity_id=entity_id,
            action=action,
            region_ars=MAGDEBURG,
            changes={"title": ["a", "b"]},
            version=2,
        )
    # and a change that is rolled back leaves no delivery behind
    try:
        async with session.begin_nested():
            await change_log.record(
                session,
                EDITOR,
                entity="offer",
                entity_id=offer.id,
                action="updated",
                region_ars=MAGDEBURG,
            )
            raise RuntimeError("the write failed")
    except RuntimeError:
        pass
    # then
    outbox = await _outbox(session)
    by_subscription: dict[str, list[str]] = {}
    for row in outbox:
        by_subscription.setdefault(str(row["subscription_id"]), []).append(row["event_type"])
    magdeburg_id = str(_uuid(magdeburg["subscription"]["id"]))
    state_id = str(_uuid(state["subscription"]["id"]))
    assert sorted(by_subscription[magdeburg_id]) == [
        "course_run.seats_changed",
        "offer.updated",
        "offer.updated",
    ]
    assert by_subscription[state_id] == ["course_run.created"]
    assert len(by_subscription) == 2  # nothing for Börde
    body = orjson.loads(next(r["body"] for r in outbox if r["event_type"] == "offer.updated"))
    assert body["type"] == "offer.updated"
    assert body["data"]["uuid"] == str(offer.id)
    assert body["data"]["changedFields"] == ["title"]
    assert body["data"]["regionArs"] == MAGDEBURG
    assert body["data"]["changes"] == {"title": "b"}


def _uuid(global_id: str) -> UUID:
    from koko_shared.graphql.ids import local_id

    return local_id(global_id, "WebhookSubscription")


@pytest.fixture
def webhook_settings(settings: OffersSettings) -> OffersSettings:
    return settings.model_copy(
        update={"webhook_retry_base_seconds": 30.0, "webhook_max_attempts": 2}
    )


async def test_dispatcher_signs_delivers_retries_and_partner_replays(
    client: httpx.AsyncClient,
    catalogue: Catalogue,
    tokens: TestTokens,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    webhook_settings: OffersSettings,
) -> None:
    # given: a subscription and one change; the receiver first fails, then accepts
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="partner")
    created = await _subscribe(client, partner)
    assert created["errors"] == []
    offer, _ = await catalogue.language_course(start=date(2027, 1, 4))
    await change_log.record(
        session,
        EDITOR,
        entity="offer",
        entity_id=offer.id,
        action="updated",
        region_ars=MAGDEBURG,
    )
    await session.commit()
    received: list[httpx.Request] = []
    answers = [503, 204, 200]

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(answers[len(received) - 1])

    http = httpx.AsyncClient(transport=httpx.MockTransport(receiver))
    dispatcher = Dispatcher(sessionmaker, webhook_settings, client=http)
    # when: the first attempt fails and is scheduled for later
    assert await dispatcher.run_once() == 1
    assert await dispatcher.run_once() == 0  # not due yet (30 s back-off)
    [failed] = (await _gql(client, DELIVERIES, partner))["webhookDeliveries"]["edges"]
    # the partner replays it now
    replay = await _gql(client, REPLAY, partner, id=failed["node"]["id"])
    assert await dispatcher.run_once() == 1
    [delivered] = (await _gql(client, DELIVERIES, partner))["webhookDeliveries"]["edges"]
    # and replays the delivered one again
    await _gql(client, REPLAY, partner, id=failed["node"]["id"])
    assert await dispatcher.run_once() == 1
    # then
    assert failed["node"]["status"] == "PENDING"
    assert (failed["node"]["attempts"], failed["node"]["lastStatusCode"]) == (1, 503)
    assert replay["webhookDeliveryReplay"]["errors"] == []
    assert delivered["node"]["status"] == "DELIVERED"
    assert delivered["node"]["lastStatusCode"] == 204
    ids = {r.headers["webhook-id"] for r in received}
    assert ids == {failed["node"]["deliveryId"]}
    for request in received:
        body = request.content.decode()
        assert body == failed["node"]["payload"]
        # the receiver verifies with the Standard Webhooks reference library
        assert Webhook(created["secret"]).verify(body, dict(request.headers))["type"] == (
            "offer.updated"
        )
        with pytest.raises(WebhookVerificationError):
            Webhook("whsec_" + "d3Jvbmc=" * 4).verify(body, dict(request.headers))
    await http.aclose()


async def test_other_partners_cannot_see_or_replay_deliveries(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    owner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="owner")
    await _subscribe(client, owner)
    offer, _ = await catalogue.language_course(start=date(2027, 1, 4))
    await change_log.record(
        session,
        EDITOR,
        entity="offer",
        entity_id=offer.id,
        action="updated",
        region_ars=MAGDEBURG,
    )
    [edge] = (await _gql(client, DELIVERIES, owner))["webhookDeliveries"]["edges"]
    stranger = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="stranger")
    # when
    seen = await _gql(client, DELIVERIES, stranger)
    replay = await _gql(client, REPLAY, stranger, id=edge["node"]["id"])
    # then
    assert seen["webhookDeliveries"]["edges"] == []
    assert replay["webhookDeliveryReplay"]["errors"][0]["code"] == "NOT_FOUND"


def test_retry_backoff_grows_exponentially_and_gives_up() -> None:
    policy = RetryPolicy(base_seconds=10, max_seconds=300, max_attempts=6)
    assert [policy.delay(n) for n in range(1, 7)] == [10, 20, 40, 80, 160, None]
    assert RetryPolicy(10, 60, 20).delay(10) == 60


async def test_rest_subscription_lifecycle(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="rest-partner")
    # when
    created = await client.post(
        "/webhooks/subscriptions",
        json={
            "regionArs": MAGDEBURG,
            "url": "https://partner.example/rest",
            "eventTypes": ["offer.updated"],
        },
        headers=partner,
    )
    subscription = created.json()
    offer, _ = await catalogue.language_course(start=date(2027, 1, 4))
    await change_log.record(
        session,
        EDITOR,
        entity="offer",
        entity_id=offer.id,
        action="updated",
        region_ars=MAGDEBURG,
    )
    listed = await client.get("/webhooks/subscriptions", headers=partner)
    deliveries = await client.get(
        f"/webhooks/subscriptions/{subscription['id']}/deliveries", headers=partner
    )
    replay = await client.post(
        f"/webhooks/deliveries/{deliveries.json()['items'][0]['id']}/replay", headers=partner
    )
    anonymous = await client.post(
        "/webhooks/subscriptions",
        json={"regionArs": MAGDEBURG, "url": "https://x.example", "eventTypes": ["offer.updated"]},
    )
    unknown_event = await client.post(
        "/webhooks/subscriptions",
        json={"regionArs": MAGDEBURG, "url": "https://x.example", "eventTypes": ["offer.eaten"]},
        headers=partner,
    )
    deleted = await client.delete(f"/webhooks/subscriptions/{subscription['id']}", headers=partner)
    after_delete = await client.get("/webhooks/subscriptions", headers=partner)
    # then
    assert created.status_code == 201
    assert subscription["secret"].startswith("whsec_")
    assert [s["id"] for s in listed.json()["items"]] == [subscription["id"]]
    assert "secret" not in listed.json()["items"][0] and listed.json()["nextCursor"] is None
    assert [d["eventType"] for d in deliveries.json()["items"]] == ["offer.updated"]
    assert replay.json()["status"] == "pending"
    assert anonymous.status_code == 403
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert unknown_event.status_code == 422
    assert deleted.status_code == 204
    assert after_delete.json() == {"items": [], "nextCursor": None}


async def test_rest_lists_page_with_first_and_after(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given: a partner with two subscriptions
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="rest-pager")
    made = {
        (await _subscribe(client, partner, url=f"https://partner.example/{n}"))["subscription"][
            "id"
        ]
        for n in (1, 2)
    }
    # when it reads one at a time, and sends cursors and sizes it should not
    first = await client.get("/webhooks/subscriptions", params={"first": 1}, headers=partner)
    cursor = first.json()["nextCursor"]
    second = await client.get(
        "/webhooks/subscriptions", params={"first": 1, "after": cursor}, headers=partner
    )
    refused = [
        await client.get("/webhooks/subscriptions", params=params, headers=partner)
        for params in ({"after": "not-a-cursor"}, {"first": 0}, {"first": 101})
    ]
    # then: both, each once, in pages of one; the wrong ones are problems, not pages
    assert len(first.json()["items"]) == 1 and cursor
    assert second.json()["nextCursor"] is None
    ids = {first.json()["items"][0]["id"], second.json()["items"][0]["id"]}
    assert ids == {str(local_id(m, "WebhookSubscription")) for m in made}
    assert [r.status_code for r in refused] == [422, 422, 422]
    assert all(r.headers["content-type"] == "application/problem+json" for r in refused)


async def test_finished_deliveries_are_purged_after_retention(
    client: httpx.AsyncClient,
    catalogue: Catalogue,
    tokens: TestTokens,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: OffersSettings,
) -> None:
    # given: three deliveries: delivered long ago, failed long ago, pending long ago
    await catalogue.region(MAGDEBURG)
    await _subscribe(client, tokens.for_role(Role.PARTNER, MAGDEBURG, subject="old"))
    offer, _ = await catalogue.language_course(start=date(2027, 1, 4))
    for _ in range(3):
        await change_log.record(
            session,
            EDITOR,
            entity="offer",
            entity_id=offer.id,
            action="updated",
            region_ars=MAGDEBURG,
        )
    await session.execute(
        text(
            "UPDATE webhook_delivery SET created_at = now() - interval '40 days', "
            "status = (ARRAY['delivered', 'failed', 'pending'])[1 + (SELECT count(*) FROM "
            "webhook_delivery d2 WHERE d2.id < webhook_delivery.id)]"
        )
    )
    await session.commit()
    # when
    purged = await Dispatcher(sessionmaker, settings).purge()
    # then
    assert purged == 2
    assert [r["status"] for r in await _outbox(session)] == ["pending"]


PING = """
mutation($id: ID!) { webhookSubscriptionPing(id: $id) {
  delivery { deliveryId eventType status } errors { code message }
} }
"""


async def test_a_test_ping_delivers_a_signed_ping_event(
    client: httpx.AsyncClient,
    catalogue: Catalogue,
    tokens: TestTokens,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    webhook_settings: OffersSettings,
) -> None:
    # given: a subscription to seat changes only
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="pinging-partner")
    stranger = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="stranger")
    created = await _subscribe(client, partner, events=("COURSE_RUN_SEATS_CHANGED",))
    subscription_id = created["subscription"]["id"]
    await session.commit()
    received: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    http = httpx.AsyncClient(transport=httpx.MockTransport(receiver))
    dispatcher = Dispatcher(sessionmaker, webhook_settings, client=http)
    # when: a ping through GraphQL and one through REST (one dispatch each: the test's
    # connection is shared), and a stranger's attempt
    graphql = (await _gql(client, PING, partner, id=subscription_id))["webhookSubscriptionPing"]
    sent = await dispatcher.run_once()
    rest = await client.post(
        f"/webhooks/subscriptions/{_uuid(subscription_id)}/ping", headers=partner
    )
    sent += await dispatcher.run_once()
    refused = (await _gql(client, PING, stranger, id=subscription_id))["webhookSubscriptionPing"]
    sent += await dispatcher.run_once()
    await http.aclose()
    # then: both are delivered, signed with the subscription's secret, as webhook.ping
    assert graphql["errors"] == [] and graphql["delivery"]["eventType"] == "WEBHOOK_PING"
    assert rest.status_code == 202 and rest.json()["eventType"] == "webhook.ping"
    assert refused["errors"][0]["code"] == "NOT_FOUND" and refused["delivery"] is None
    assert sent == 2 and len(received) == 2
    for request in received:
        event = Webhook(created["secret"]).verify(request.content.decode(), dict(request.headers))
        assert event["type"] == "webhook.ping"
        assert event["data"]["subscriptionId"] == subscription_id
    ids = {request.headers["webhook-id"] for request in received}
    assert ids == {graphql["delivery"]["deliveryId"], rest.json()["id"]}
