"""offerCreate, offerUpdate, offerConfirm, offerPublish, offerArchive: authorization per role and
region, optimistic locking, translations outdated by major edits, bad input, change log."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import text

from koko_offers.offer.models import Offer
from koko_offers.translation.models import Translation
from koko_shared.demo_regions import BOERDE, MAGDEBURG

from .conftest import Api, World, gid

UNKNOWN = uuid4()
SELECTION = "offer { id title status version lastConfirmedAt regionArs }"


def _create_input(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "providerId": gid("Provider", world.provider_a.id),
        "categoryCode": "language_course",
        "courseTypeCode": "BAMF_IK_ALLG",
        "locationId": gid("Location", world.location_a.id),
        "title": "Integrationskurs am Abend",
        "description": "Für Berufstätige.",
        "targetGroups": ["ADULTS", "women"],
        "costOptions": ["bamf"],
        "instructionLanguages": ["de"],
        "supportLanguages": ["AR", "uk"],
        "minAge": 18,
        "childcare": True,
        **overrides,
    }


async def test_provider_creates_a_draft_offer(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "offerCreate", _create_input(world), api.provider(world.provider_a), SELECTION
    )
    # then
    assert payload["errors"] == []
    offer = payload["offer"]
    assert (offer["title"], offer["status"], offer["version"]) == (
        "Integrationskurs am Abend",
        "DRAFT",
        1,
    )
    rows = await api.session.execute(
        text(
            "SELECT id, target_groups, support_languages, search_vector::text FROM offer "
            "WHERE title = 'Integrationskurs am Abend'"
        )
    )
    offer_id, target_groups, support_languages, search_vector = rows.one()
    assert target_groups == ["adults", "women"]
    assert support_languages == ["ar", "uk"]
    assert "integrationskurs" in search_vector  # findable at once
    log = await api.changes("offer", offer_id)
    assert [entry.action for entry in log] == ["created"]
    assert log[0].changes["title"] == [None, "Integrationskurs am Abend"]


@pytest.mark.parametrize("who", ["public", "other_provider", "other_region_coordinator"])
async def test_writes_outside_ones_remit_are_refused_and_change_nothing(
    api: Api, world: World, who: str
) -> None:
    # given
    headers = {
        "public": {},
        "other_provider": api.provider(world.provider_b),
        "other_region_coordinator": api.coordinator(BOERDE),
    }[who]
    offer_id = gid("Offer", world.offer_a.id)
    before = await api.snapshot("offer")
    # when
    results = [
        await api.mutate("offerCreate", _create_input(world), headers, SELECTION),
        await api.mutate(
            "offerUpdate", {"id": offer_id, "expectedVersion": 1, "title": "X"}, headers, SELECTION
        ),
        await api.mutate(
            "offerConfirm", {"id": offer_id, "expectedVersion": 1}, headers, SELECTION
        ),
        await api.mutate(
            "offerArchive", {"id": offer_id, "expectedVersion": 1}, headers, SELECTION
        ),
    ]
    # then
    for payload in results:
        assert payload["offer"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("FORBIDDEN", None)]
    assert await api.snapshot("offer") == before
    assert await api.changes("offer", world.offer_a.id) == []


async def test_coordinator_edits_any_offer_of_its_region_admin_everywhere(
    api: Api, world: World
) -> None:
    # when
    in_region = await api.mutate(
        "offerUpdate",
        {"id": gid("Offer", world.offer_a.id), "expectedVersion": 1, "feeNote": "kostenfrei"},
        api.coordinator(MAGDEBURG),
        SELECTION,
    )
    elsewhere = await api.mutate(
        "offerUpdate",
        {"id": gid("Offer", world.offer_boerde.id), "expectedVersion": 1, "childcare": True},
        api.admin(),
        SELECTION,
    )
    # then
    assert in_region["errors"] == [] and elsewhere["errors"] == []
    assert in_region["offer"]["version"] == 2
    stored = await api.fresh(Offer, world.offer_boerde.id)
    assert stored is not None and stored.childcare is True


async def test_stale_version_is_a_conflict_and_changes_nothing(api: Api, world: World) -> None:
    # given: a colleague saved first
    offer_id = gid("Offer", world.offer_a.id)
    headers = api.provider(world.provider_a)
    first = await api.mutate(
        "offerUpdate", {"id": offer_id, "expectedVersion": 1, "title": "Erste"}, headers, SELECTION
    )
    assert first["offer"]["version"] == 2
    # when: an edit based on version 1
    second = await api.mutate(
        "offerUpdate", {"id": offer_id, "expectedVersion": 1, "title": "Zweite"}, headers, SELECTION
    )
    # then
    assert second["offer"] is None
    assert [(e["field"], e["code"]) for e in second["errors"]] == [("expectedVersion", "CONFLICT")]
    assert "version 2" in second["errors"][0]["message"]
    stored = await api.fresh(Offer, world.offer_a.id)
    assert stored is not None and (stored.title, stored.version) == ("Erste", 2)


async def test_update_records_old_and_new_values(api: Api, world: World) -> None:
    # when
    await api.mutate(
        "offerUpdate",
        {
            "id": gid("Offer", world.offer_a.id),
            "expectedVersion": 1,
            "title": "Integrationskurs vormittags",
            "maxAge": 65,
            "courseTypeCode": None,
        },
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    entry = (await api.changes("offer", world.offer_a.id))[-1]
    assert entry.action == "updated"
    assert entry.version == 2
    assert entry.changes == {
        "title": ["Integrationskurs am Vormittag", "Integrationskurs vormittags"],
        "max_age": [None, 65],
        "course_type_id": [str(world.course_type.id), None],
    }


async def _translate(api: Api, offer_id: Any, field: str, language: str) -> None:
    api.session.add(
        Translation(
            entity="offer",
            entity_id=offer_id,
            field=field,
            language=language,
            text=f"{field} in {language}",
            source_hash="0" * 64,
        )
    )
    await api.session.flush()


async def test_major_edit_outdates_translations_of_the_changed_field_only(
    api: Api, world: World
) -> None:
    # given
    offer_id = world.offer_a.id
    for field, language in (("title", "en"), ("title", "ar"), ("description", "en")):
        await _translate(api, offer_id, field, language)
    # when
    await api.mutate(
        "offerUpdate",
        {"id": gid("Offer", offer_id), "expectedVersion": 1, "title": "Integrationskurs (neu)"},
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    states = {
        (field, language): (await api.fresh(Translation, ("offer", offer_id, field, language)))
        for field, language in (("title", "en"), ("title", "ar"), ("description", "en"))
    }
    assert {key: row.state for key, row in states.items() if row} == {
        ("title", "en"): "outdated",
        ("title", "ar"): "outdated",
        ("description", "en"): "up_to_date",
    }


async def test_minor_edit_keeps_translations_current(api: Api, world: World) -> None:
    # given
    offer_id = world.offer_a.id
    await _translate(api, offer_id, "title", "en")
    # when: a typo fix
    payload = await api.mutate(
        "offerUpdate",
        {
            "id": gid("Offer", offer_id),
            "expectedVersion": 1,
            "title": "Integrationskurs am Vormitag",
            "majorEdit": False,
        },
        api.provider(world.provider_a),
        SELECTION,
        language="de",
    )
    # then
    assert payload["offer"]["title"] == "Integrationskurs am Vormitag"
    translation = await api.fresh(Translation, ("offer", offer_id, "title", "en"))
    assert translation is not None
    assert (translation.state, translation.text) == ("up_to_date", "title in en")


async def test_provider_confirms_its_offer(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "offerConfirm",
        {"id": gid("Offer", world.offer_a.id), "expectedVersion": 1},
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert payload["errors"] == []
    assert payload["offer"]["lastConfirmedAt"] is not None
    stored = await api.fresh(Offer, world.offer_a.id)
    assert stored is not None
    assert stored.last_confirmed_by == "provider-VHS Magdeburg"
    assert stored.version == 2
    entry = (await api.changes("offer", world.offer_a.id))[-1]
    assert entry.action == "confirmed"
    assert entry.changes["last_confirmed_by"] == [None, "provider-VHS Magdeburg"]


async def test_publish_and_archive_change_the_status(api: Api, world: World) -> None:
    # given: a draft
    offer_id = gid("Offer", world.offer_boerde.id)
    headers = api.provider(world.provider_boerde)
    # when
    published = await api.mutate(
        "offerPublish", {"id": offer_id, "expectedVersion": 1}, headers, SELECTION
    )
    again = await api.mutate(
        "offerPublish", {"id": offer_id, "expectedVersion": 2}, headers, SELECTION
    )
    archived = await api.mutate(
        "offerArchive", {"id": offer_id, "expectedVersion": 2}, headers, SELECTION
    )
    # then
    assert published["offer"]["status"] == "PUBLISHED"
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("id", "BAD_USER_INPUT")]
    assert archived["offer"]["status"] == "ARCHIVED"
    assert archived["offer"]["version"] == 3
    log = await api.changes("offer", world.offer_boerde.id)
    assert [(e.action, e.changes) for e in log] == [
        ("published", {"status": ["draft", "published"]}),
        ("archived", {"status": ["published", "archived"]}),
    ]


BAD_INPUTS = [
    ({"title": "T" * 301}, "title", "TOO_LONG"),
    ({"description": "D" * 10001}, "description", "TOO_LONG"),
    ({"title": "   "}, "title", "BAD_USER_INPUT"),
    ({"categoryCode": "astrology"}, "categoryCode", "BAD_USER_INPUT"),
    ({"courseTypeCode": "BAMF_NOPE"}, "courseTypeCode", "BAD_USER_INPUT"),
    ({"courseTypeCode": "BAMF_IK_OLD"}, "courseTypeCode", "BAD_USER_INPUT"),  # expired
    ({"instructionLanguages": ["deutsch!"]}, "instructionLanguages", "BAD_USER_INPUT"),
    ({"supportLanguages": ["a"]}, "supportLanguages", "BAD_USER_INPUT"),
    ({"supportLanguages": ["ar"] * 5000}, "supportLanguages", "BAD_USER_INPUT"),
    ({"targetGroups": ["women"] * 5000}, "targetGroups", "BAD_USER_INPUT"),
    ({"targetGroups": ["pensioners"]}, "targetGroups", "BAD_USER_INPUT"),
    ({"costOptions": ["barter"]}, "costOptions", "BAD_USER_INPUT"),
    ({"residenceStatuses": ["tourist"]}, "residenceStatuses", "BAD_USER_INPUT"),
    ({"format": "telepathy"}, "format", "BAD_USER_INPUT"),
    ({"minAge": 30, "maxAge": 20}, "maxAge", "BAD_USER_INPUT"),
    ({"minAge": -1}, "minAge", "BAD_USER_INPUT"),
    ({"regionArs": "1234"}, "regionArs", "BAD_USER_INPUT"),
    ({"regionArs": BOERDE}, "regionArs", "BAD_USER_INPUT"),  # outside the provider's region
    ({"url": "javascript:alert(1)"}, "url", "BAD_USER_INPUT"),
    ({"contactEmail": "nobody"}, "contactEmail", "BAD_USER_INPUT"),
    ({"providerId": gid("Provider", UNKNOWN)}, "providerId", "NOT_FOUND"),
    ({"providerId": gid("Offer", UNKNOWN)}, "providerId", "BAD_USER_INPUT"),
    ({"providerId": "not-an-id"}, "providerId", "BAD_USER_INPUT"),
    ({"locationId": gid("Location", UNKNOWN)}, "locationId", "NOT_FOUND"),
]


@pytest.mark.parametrize(("overrides", "field", "code"), BAD_INPUTS)
async def test_bad_offer_input_gets_a_typed_error_and_writes_nothing(
    api: Api, world: World, overrides: dict[str, Any], field: str, code: str
) -> None:
    # given
    before = await api.snapshot("offer")
    log_before = await api.snapshot("change_log")
    # when
    payload = await api.mutate(
        "offerCreate", _create_input(world, **overrides), api.admin(), SELECTION
    )
    # then
    assert payload["offer"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert await api.snapshot("offer") == before
    assert await api.snapshot("change_log") == log_before


async def test_location_elsewhere_is_refused(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "offerUpdate",
        {
            "id": gid("Offer", world.offer_a.id),
            "expectedVersion": 1,
            "locationId": gid("Location", world.location_boerde.id),
        },
        api.admin(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("locationId", "BAD_USER_INPUT")
    ]


async def test_update_checks_ages_against_the_stored_values(api: Api, world: World) -> None:
    # given: min age 18 is stored
    offer_id = gid("Offer", world.offer_a.id)
    headers = api.provider(world.provider_a)
    await api.mutate(
        "offerUpdate", {"id": offer_id, "expectedVersion": 1, "minAge": 18}, headers, SELECTION
    )
    # when
    payload = await api.mutate(
        "offerUpdate", {"id": offer_id, "expectedVersion": 2, "maxAge": 16}, headers, SELECTION
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("maxAge", "BAD_USER_INPUT")]
    stored = await api.fresh(Offer, world.offer_a.id)
    assert stored is not None and stored.max_age is None


async def test_title_cannot_be_cleared(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "offerUpdate",
        {"id": gid("Offer", world.offer_a.id), "expectedVersion": 1, "title": None},
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("title", "BAD_USER_INPUT")]


async def test_every_mistake_is_reported_at_once_in_the_request_language(
    api: Api, world: World
) -> None:
    # when
    payload = await api.mutate(
        "offerCreate",
        _create_input(world, title="T" * 400, targetGroups=["pensioners"], minAge=50, maxAge=20),
        api.admin(),
        SELECTION,
        language="de",
    )
    # then
    messages = {e["field"]: e["message"] for e in payload["errors"]}
    assert set(messages) == {"title", "targetGroups", "maxAge"}
    assert messages["title"] == "Höchstens 300 Zeichen erlaubt (eingegeben: 400)."
    assert "Mindestalter" in messages["maxAge"]


async def test_unknown_offer_is_not_found(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "offerConfirm",
        {"id": gid("Offer", world.provider_a.id), "expectedVersion": 1},
        api.admin(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]


async def test_not_found_speaks_the_request_language(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "offerArchive",
        {"id": gid("Offer", UNKNOWN), "expectedVersion": 1},
        api.admin(),
        SELECTION,
        language="de",
    )
    # then
    assert payload["errors"] == [
        {
            "field": "id",
            "code": "NOT_FOUND",
            "message": f"Angebot '{UNKNOWN}' wurde nicht gefunden.",
        }
    ]
