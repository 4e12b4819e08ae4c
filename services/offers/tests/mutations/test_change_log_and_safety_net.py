"""The changeLog query for coordinators, and the safety net behind the service checks: a database
constraint violation becomes a typed error, and a failed mutation leaves nothing behind."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.settings import OffersSettings
from koko_offers.webhook.service import WebhookRules
from koko_shared.auth.actor import PUBLIC
from koko_shared.demo_regions import BOERDE

from .conftest import Api, World, gid

CHANGE_LOG = """
query($id: ID!, $first: Int = 10, $after: String) {
  changeLog(entity: OFFER, id: $id, first: $first, after: $after) {
    edges { node { action actorSubject entityId changes version occurredAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_coordinator_reads_who_changed_what(api: Api, world: World) -> None:
    # given
    offer_id = gid("Offer", world.offer_a.id)
    await api.mutate(
        "offerUpdate",
        {"id": offer_id, "expectedVersion": 1, "title": "Neuer Titel"},
        api.provider(world.provider_a),
        "offer { id }",
    )
    await api.mutate(
        "offerConfirm",
        {"id": offer_id, "expectedVersion": 2},
        api.provider(world.provider_a),
        "offer { id }",
    )
    # when
    data = await api.graphql(CHANGE_LOG, {"id": offer_id}, api.coordinator())
    # then
    entries = [edge["node"] for edge in data["changeLog"]["edges"]]
    assert [(e["action"], e["version"]) for e in entries] == [("confirmed", 3), ("updated", 2)]
    assert entries[1]["changes"] == {"title": ["Integrationskurs am Vormittag", "Neuer Titel"]}
    assert entries[1]["actorSubject"] == "provider-VHS Magdeburg"
    assert entries[1]["entityId"] == offer_id


async def test_the_change_log_pages_newest_first(api: Api, world: World) -> None:
    # given: five updates of one offer
    offer_id = gid("Offer", world.offer_a.id)
    for version in range(1, 6):
        await api.mutate(
            "offerUpdate",
            {"id": offer_id, "expectedVersion": version, "title": f"Titel {version}"},
            api.provider(world.provider_a),
            "offer { id }",
        )
    # when: a coordinator reads two at a time
    versions: list[list[int]] = []
    after = None
    while True:
        data = await api.graphql(
            CHANGE_LOG, {"id": offer_id, "first": 2, "after": after}, api.coordinator()
        )
        page = data["changeLog"]
        versions.append([edge["node"]["version"] for edge in page["edges"]])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then: every change once, newest first, in pages of two
    assert versions == [[6, 5], [4, 3], [2]]


async def test_change_log_is_for_coordinators_of_the_region(
    api: Api, world: World, client: httpx.AsyncClient
) -> None:
    # given
    offer_id = gid("Offer", world.offer_a.id)
    await api.mutate(
        "offerConfirm", {"id": offer_id, "expectedVersion": 1}, api.coordinator(), "offer { id }"
    )
    for headers in ({}, api.provider(world.provider_a), api.coordinator(BOERDE)):
        # when
        response = await client.post(
            "/graphql", json={"query": CHANGE_LOG, "variables": {"id": offer_id}}, headers=headers
        )
        # then
        body = response.json()
        assert body["data"] is None
        assert "coordinators" in body["errors"][0]["message"]


def _context(session: AsyncSession, language: str) -> OffersContext:
    settings = OffersSettings()
    return OffersContext(
        session=session,
        actor=PUBLIC,
        language=language,
        settings=settings,
        webhook_rules=WebhookRules.from_settings(settings),
    )


async def test_database_constraint_becomes_a_typed_error_and_nothing_stays(
    session: AsyncSession, world: World
) -> None:
    # given: a write that slipped past the service checks
    context = _context(session, "en")

    async def write() -> None:
        await session.execute(
            text("UPDATE offer SET title = 'changed' WHERE id = :id"), {"id": world.offer_a.id}
        )
        await session.execute(
            text("UPDATE course_run SET seats_booked = 99 WHERE id = :id"), {"id": world.run_a.id}
        )

    # when
    result, violations = await run_mutation(context, write)
    # then
    assert result is None
    assert [(v.field, v.code) for v in violations] == [("seatsBooked", "BAD_USER_INPUT")]
    assert "ck_course_run_seats_within_capacity" in violations[0].message_in("en")
    title = await session.execute(
        text("SELECT title FROM offer WHERE id = :id"), {"id": world.offer_a.id}
    )
    assert title.scalar_one() == "Integrationskurs am Vormittag"


async def test_oversized_value_in_the_database_is_too_long(
    session: AsyncSession, world: World
) -> None:
    # given
    context = _context(session, "de")

    async def write() -> None:
        await session.execute(
            text("UPDATE offer SET title = :title WHERE id = :id"),
            {"id": world.offer_a.id, "title": "x" * 400},
        )

    # when
    _, violations = await run_mutation(context, write)
    # then
    assert [v.code for v in violations] == ["TOO_LONG"]


async def test_each_mutation_of_a_request_stands_alone(api: Api, world: World) -> None:
    # given: one request with a good and a bad mutation
    query = """
    mutation($good: OfferUpdateInput!, $bad: OfferUpdateInput!) {
      good: offerUpdate(input: $good) { offer { version } errors { code } }
      bad: offerUpdate(input: $bad) { offer { version } errors { field code } }
    }
    """
    offer_id = gid("Offer", world.offer_a.id)
    # when
    data = await api.graphql(
        query,
        {
            "good": {"id": offer_id, "expectedVersion": 1, "feeNote": "kostenlos"},
            "bad": {"id": offer_id, "expectedVersion": 2, "title": "T" * 301, "childcare": True},
        },
        api.provider(world.provider_a),
    )
    # then: the first is kept, nothing of the second
    assert data["good"] == {"offer": {"version": 2}, "errors": []}
    assert data["bad"] == {"offer": None, "errors": [{"field": "title", "code": "TOO_LONG"}]}
    stored = await api.session.execute(
        text("SELECT fee_note, childcare, version FROM offer WHERE id = :id"),
        {"id": world.offer_a.id},
    )
    assert tuple(stored.one()) == ("kostenlos", False, 2)
