"""providerCreate and providerUpdate: who may write, optimistic locking, bad input, change log."""

from __future__ import annotations

from koko_offers.provider.models import Provider
from koko_offers.translation.models import Translation
from koko_shared.demo_regions import BOERDE, MAGDEBURG

from .conftest import Api, World, gid

SELECTION = "provider { id name kind regionArs website }"


async def test_coordinator_registers_a_provider(api: Api, world: World) -> None:
    # given
    before = await api.count(Provider)
    # when
    payload = await api.mutate(
        "providerCreate",
        {
            "regionArs": MAGDEBURG,
            "name": "Bildungswerk Nord",
            "kind": "ASSOCIATION",
            "website": "https://bildungswerk.example",
        },
        api.coordinator(MAGDEBURG),
        SELECTION,
    )
    # then
    assert payload["errors"] == []
    assert payload["provider"]["name"] == "Bildungswerk Nord"
    assert payload["provider"]["kind"] == "ASSOCIATION"
    assert await api.count(Provider) == before + 1


async def test_providers_and_public_cannot_register_providers(api: Api, world: World) -> None:
    # given
    before = await api.count(Provider)
    input = {"regionArs": MAGDEBURG, "name": "X", "kind": "vhs"}
    for headers in ({}, api.provider(world.provider_a), api.coordinator(BOERDE)):
        # when
        payload = await api.mutate("providerCreate", input, headers, SELECTION)
        # then
        assert payload["provider"] is None
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert await api.count(Provider) == before


async def test_provider_edits_its_own_record_and_version_goes_up(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "providerUpdate",
        {"id": gid("Provider", world.provider_a.id), "expectedVersion": 1, "phone": "0391 123"},
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert payload["errors"] == []
    stored = await api.fresh(Provider, world.provider_a.id)
    assert stored is not None
    assert (stored.phone, stored.version) == ("0391 123", 2)
    log = await api.changes("provider", world.provider_a.id)
    assert log[-1].action == "updated"
    assert log[-1].changes == {"phone": [None, "0391 123"]}
    assert log[-1].actor_subject == "provider-VHS Magdeburg"
    assert log[-1].version == 2


async def test_provider_cannot_edit_another_organization(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "providerUpdate",
        {"id": gid("Provider", world.provider_b.id), "expectedVersion": 1, "name": "Taken over"},
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    stored = await api.fresh(Provider, world.provider_b.id)
    assert stored is not None
    assert (stored.name, stored.version) == ("Sprachschule Elbe", 1)


async def test_bad_provider_input_is_refused_field_by_field(api: Api, world: World) -> None:
    # given
    before = await api.snapshot("provider")
    # when
    payload = await api.mutate(
        "providerCreate",
        {
            "regionArs": "15003",
            "name": "x" * 301,
            "kind": "castle",
            "website": "ftp://nope",
            "email": "no-at-sign",
        },
        api.admin(),
        SELECTION,
    )
    # then
    errors = {e["field"]: e["code"] for e in payload["errors"]}
    assert errors == {
        "regionArs": "BAD_USER_INPUT",
        "name": "TOO_LONG",
        "kind": "BAD_USER_INPUT",
        "website": "BAD_USER_INPUT",
        "email": "BAD_USER_INPUT",
    }
    assert "300" in next(e["message"] for e in payload["errors"] if e["field"] == "name")
    assert await api.snapshot("provider") == before


async def test_unknown_region_is_not_found(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "providerCreate",
        {"regionArs": "159990000000", "name": "X", "kind": "vhs"},
        api.admin(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("regionArs", "NOT_FOUND")]


async def test_minor_edit_keeps_translations_major_edit_outdates_them(
    api: Api, world: World
) -> None:
    # given
    provider_id = world.provider_a.id
    api.session.add(
        Translation(
            entity="provider",
            entity_id=provider_id,
            field="description",
            language="en",
            text="Adult education centre",
            source_hash="x",
        )
    )
    await api.session.flush()
    headers = api.provider(world.provider_a)
    # when: a minor edit
    await api.mutate(
        "providerUpdate",
        {
            "id": gid("Provider", provider_id),
            "expectedVersion": 1,
            "description": "Volkshochschule",
            "majorEdit": False,
        },
        headers,
        SELECTION,
    )
    # then
    translation = await api.fresh(Translation, ("provider", provider_id, "description", "en"))
    assert translation is not None and translation.state == "up_to_date"
    # when: a major edit
    await api.mutate(
        "providerUpdate",
        {"id": gid("Provider", provider_id), "expectedVersion": 2, "description": "VHS der Stadt"},
        headers,
        SELECTION,
    )
    # then
    translation = await api.fresh(Translation, ("provider", provider_id, "description", "en"))
    assert translation is not None and translation.state == "outdated"
