"""Webhook payloads speak the API: camelCase names and GraphQL values of the changed fields,
links to the entity, and a published JSON Schema per event type that real payloads satisfy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import orjson
from jsonschema import Draft202012Validator
from sqlalchemy import text

from koko_offers.webhook.models import EVENT_TYPES
from koko_offers.webhook.schemas import event_schema
from koko_shared.auth.actor import Role
from koko_shared.demo_regions import MAGDEBURG

from .conftest import Api, World, gid

DOCS = Path(__file__).resolve().parents[4] / "docs" / "webhooks"
SUBSCRIBE = """
mutation($input: WebhookSubscriptionCreateInput!) {
  webhookSubscriptionCreate(input: $input) { secret errors { code message } }
}
"""
READ_BACK = """
query($offer: ID!, $run: ID!) {
  offer: node(id: $offer) { ... on Offer { title targetGroups costOptions location { id } } }
  run: node(id: $run) { ... on CourseRun { seatsBooked freeSeats waitlistLength } }
}
"""


async def _payloads(api: Api) -> list[dict[str, Any]]:
    rows = await api.session.execute(text("SELECT body FROM webhook_delivery ORDER BY created_at"))
    return [orjson.loads(body) for body in rows.scalars()]


async def test_payloads_carry_new_values_in_api_names_and_match_their_schema(
    api: Api, world: World
) -> None:
    # given: a partner of Magdeburg subscribed to every event
    partner = api.tokens.for_role(Role.PARTNER, MAGDEBURG, subject="jobcenter")
    subscribed = await api.graphql(
        SUBSCRIBE,
        {
            "input": {
                "regionArs": MAGDEBURG,
                "url": "https://partner.example/koko",
                "eventTypes": [e.upper().replace(".", "_") for e in EVENT_TYPES],
            }
        },
        partner,
    )
    assert subscribed["webhookSubscriptionCreate"]["errors"] == []
    provider = api.provider(world.provider_a)
    offer_id, run_id = gid("Offer", world.offer_a.id), gid("CourseRun", world.run_a.id)
    # when: the provider edits its offer, translates it and reports seats
    edited = await api.mutate(
        "offerUpdate",
        {
            "id": offer_id,
            "expectedVersion": 1,
            "title": "Integrationskurs am Abend",
            "targetGroups": ["women", "PARENTS"],
            "costOptions": ["bamf"],
            "locationId": None,
        },
        provider,
        "offer { id }",
    )
    translated = await api.mutate(
        "translationUpsert",
        {"entityId": offer_id, "field": "title", "language": "en", "text": "Evening course"},
        provider,
        "translation { state }",
    )
    seats = await api.mutate(
        "courseRunUpdateSeats",
        {"id": run_id, "expectedVersion": 1, "seatsBooked": 12},
        provider,
        "courseRun { id }",
    )
    assert edited["errors"] == translated["errors"] == seats["errors"] == []
    payloads = await _payloads(api)
    current = await api.graphql(READ_BACK, {"offer": offer_id, "run": run_id}, language="de")
    # then: every payload satisfies the schema of its event type
    for body in payloads:
        Draft202012Validator(
            event_schema(body["type"]), format_checker=Draft202012Validator.FORMAT_CHECKER
        ).validate(body)
    update, translation, seat_change = payloads
    assert update["type"] == "offer.updated"
    assert update["data"]["id"] == offer_id and update["data"]["typename"] == "Offer"
    assert update["data"]["changes"] == {
        "title": current["offer"]["title"],
        "targetGroups": current["offer"]["targetGroups"],
        "costOptions": current["offer"]["costOptions"],
        "location": None,
    }
    assert update["data"]["changes"]["targetGroups"] == ["WOMEN", "PARENTS"]
    assert update["data"]["changedFields"] == ["costOptions", "location", "targetGroups", "title"]
    assert update["data"]["links"] == {
        "offer": {"id": offer_id},
        "hsds": f"/hsds/services/{world.offer_a.id}",
    }
    assert translation["data"]["translations"] == {"en": {"title": "Evening course"}}
    assert seat_change["type"] == "course_run.seats_changed"
    assert seat_change["data"]["id"] == run_id
    assert seat_change["data"]["links"]["offer"] == {"id": offer_id}
    changes = seat_change["data"]["changes"]
    assert (
        (changes["seatsBooked"], changes["freeSeats"])
        == (
            current["run"]["seatsBooked"],
            current["run"]["freeSeats"],
        )
        == (12, 8)
    )
    # no column names and no old values anywhere
    for body in payloads:
        assert "_" not in "".join(body["data"]["changes"])
        assert "Integrationskurs am Vormittag" not in orjson.dumps(body).decode()


async def test_schemas_are_served_over_http_and_published_in_the_docs(
    client: httpx.AsyncClient,
) -> None:
    # when
    index = await client.get("/webhooks/schemas")
    served = {e: await client.get(f"/webhooks/schemas/{e}") for e in EVENT_TYPES}
    unknown = await client.get("/webhooks/schemas/offer.eaten")
    # then
    assert index.json() == {e: f"/webhooks/schemas/{e}" for e in EVENT_TYPES}
    for event_type, response in served.items():
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/schema+json"
        schema = response.json()
        Draft202012Validator.check_schema(schema)
        assert schema["properties"]["type"] == {"const": event_type}
        published = orjson.loads((DOCS / f"{event_type}.schema.json").read_bytes())
        assert published == schema, "run: python -m koko_offers.webhook.schemas docs/webhooks"
    assert unknown.status_code == 404
