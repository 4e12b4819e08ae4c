"""translationUpsert: any translatable field into any BCP 47 language, made from the current
German text; outdated by a major edit of the source, current again after a new translation."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import text

from koko_offers.translation.models import Translation

from .conftest import Api, World, gid

SELECTION = "translation { entityId field language text textDirection state sourceHash }"


def _input(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "entityId": gid("Offer", world.offer_a.id),
        "field": "title",
        "language": "ar",
        "text": "دورة الاندماج صباحاً",
        **overrides,
    }


async def test_provider_translates_its_offer(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "translationUpsert", _input(world), api.provider(world.provider_a), SELECTION
    )
    # then
    assert payload["errors"] == []
    translation = payload["translation"]
    assert translation["state"] == "UP_TO_DATE"
    assert translation["textDirection"] == "rtl"
    assert translation["sourceHash"] == hashlib.sha256(b"Integrationskurs am Vormittag").hexdigest()
    # the offer now answers in Arabic
    data = await api.graphql(
        'query($id: ID!) { _entities(representations: [{__typename: "Offer", id: $id}]) '
        "{ ... on Offer { title } } }",
        {"id": gid("Offer", world.offer_a.id)},
        language="ar",
    )
    assert data["_entities"][0]["title"] == "دورة الاندماج صباحاً"
    # and is found by its Arabic title
    vector = await api.session.execute(
        text("SELECT search_vector::text FROM offer WHERE id = :id"), {"id": world.offer_a.id}
    )
    assert "الاندماج" in vector.scalar_one()
    entry = (await api.changes("offer", world.offer_a.id))[-1]
    assert entry.action == "translated"
    assert entry.changes["title.ar"] == [None, "دورة الاندماج صباحاً"]


async def test_outdated_translation_becomes_current_again(api: Api, world: World) -> None:
    # given: a translation outdated by a major edit of the German title
    headers = api.provider(world.provider_a)
    await api.mutate(
        "translationUpsert", _input(world, language="en", text="Morning"), headers, SELECTION
    )
    await api.mutate(
        "offerUpdate",
        {"id": gid("Offer", world.offer_a.id), "expectedVersion": 1, "title": "Kurs am Morgen"},
        headers,
        "offer { id }",
    )
    outdated = await api.fresh(Translation, ("offer", world.offer_a.id, "title", "en"))
    assert outdated is not None and outdated.state == "outdated"
    # when: translated again, by a machine
    payload = await api.mutate(
        "translationUpsert",
        _input(world, language="EN", text="Morning course", state="MACHINE_TRANSLATED"),
        headers,
        SELECTION,
    )
    # then
    assert payload["translation"]["state"] == "MACHINE_TRANSLATED"
    assert payload["translation"]["language"] == "en"
    stored = await api.fresh(Translation, ("offer", world.offer_a.id, "title", "en"))
    assert stored is not None
    assert stored.source_hash == hashlib.sha256(b"Kurs am Morgen").hexdigest()
    assert stored.translated_by == "provider-VHS Magdeburg"


async def test_any_translatable_entity_can_be_translated(api: Api, world: World) -> None:
    # when
    results = [
        await api.mutate(
            "translationUpsert",
            {
                "entityId": gid("Pathway", world.pathway.id),
                "field": "title",
                "language": "uk",
                "text": "Шлях до професійної освіти",
            },
            api.coordinator(),
            SELECTION,
        ),
        await api.mutate(
            "translationUpsert",
            {
                "entityId": gid("PathwayStep", world.step.id),
                "field": "title",
                "language": "fa-AF",
                "text": "کورس زبان",
            },
            api.coordinator(),
            SELECTION,
        ),
    ]
    # then
    assert [r["errors"] for r in results] == [[], []]
    assert results[1]["translation"]["language"] == "fa-AF"


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"language": "not a tag"}, "language", "BAD_USER_INPUT"),
        ({"language": "de"}, "language", "BAD_USER_INPUT"),
        ({"field": "contactEmail"}, "field", "BAD_USER_INPUT"),
        ({"field": "eligibilityNote"}, "field", "BAD_USER_INPUT"),  # no German text to translate
        ({"text": "x" * 10001}, "text", "TOO_LONG"),
        ({"text": " "}, "text", "BAD_USER_INPUT"),
        (
            {"entityId": gid("CourseRun", "00000000-0000-0000-0000-000000000001")},
            "entityId",
            "BAD_USER_INPUT",
        ),
        (
            {"entityId": gid("Offer", "00000000-0000-0000-0000-000000000001")},
            "entityId",
            "NOT_FOUND",
        ),
        ({"entityId": "garbage"}, "entityId", "BAD_USER_INPUT"),
    ],
)
async def test_bad_translation_input_is_refused(
    api: Api, world: World, overrides: dict[str, Any], field: str, code: str
) -> None:
    # given
    before = await api.snapshot("translation")
    # when
    payload = await api.mutate(
        "translationUpsert", _input(world, **overrides), api.admin(), SELECTION
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert await api.snapshot("translation") == before


async def test_only_the_owner_or_coordinator_translates(api: Api, world: World) -> None:
    # when
    other = await api.mutate(
        "translationUpsert", _input(world), api.provider(world.provider_b), SELECTION
    )
    pathway = await api.mutate(
        "translationUpsert",
        _input(world, entityId=gid("Pathway", world.pathway.id)),
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert [e["code"] for e in other["errors"]] == ["FORBIDDEN"]
    assert [e["code"] for e in pathway["errors"]] == ["FORBIDDEN"]
    assert await api.count(Translation) == 0
