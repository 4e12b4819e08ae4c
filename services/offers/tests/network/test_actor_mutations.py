"""actorCreate and actorUpdate: who may write which actor, linked providers, contacts without
private data, dated fields of action, and hostile input that must change nothing."""

from __future__ import annotations

from uuid import UUID

from koko_offers.actor.models import Actor
from koko_offers.change_log.models import ChangeLogEntry
from koko_shared.demo_regions import BOERDE, MAGDEBURG
from koko_shared.graphql.ids import from_global_id

from .conftest import NEUE_NEUSTADT, Api, Net, gid

SELECTION = (
    "actor { id name kind published version fieldOfActionCodes servesWholeRegion "
    "areasServed { code } contact { role email person } provider { name } }"
)


def _new(**values: object) -> dict[str, object]:
    return {
        "regionArs": MAGDEBURG,
        "name": "Migrantenverein Neue Neustadt",
        "kind": "MIGRANT_ORGANISATION",
        "fieldsOfAction": ["participation", "language"],
        "targetGroups": ["PARENTS"],
        "areaCodes": [NEUE_NEUSTADT],
        "contactRole": "Vorstand",
        "contactEmail": "vorstand@verein.example.org",
        **values,
    }


async def test_coordinator_adds_an_actor_and_the_change_is_logged(api: Api, net: Net) -> None:
    # when
    payload = await api.mutate("actorCreate", _new(published=True), api.coordinator(), SELECTION)
    # then
    assert payload["errors"] == []
    actor = payload["actor"]
    assert actor["kind"] == "MIGRANT_ORGANISATION"
    assert actor["published"] is True
    assert actor["servesWholeRegion"] is False
    assert actor["areasServed"] == [{"code": NEUE_NEUSTADT}]
    assert actor["fieldOfActionCodes"] == ["participation", "language"]
    entries = await api.changes("actor", _local(actor["id"]))
    assert [e.action for e in entries] == ["created"]
    assert entries[0].changes["fields_of_action"] == [None, ["participation", "language"]]


async def test_a_provider_adds_itself_linked_and_unpublished(api: Api, net: Net) -> None:
    # when the provider not yet in the network adds itself
    payload = await api.mutate(
        "actorCreate",
        {
            "regionArs": MAGDEBURG,
            "providerId": gid("Provider", net.free.id),
            "kind": "EDUCATION_PROVIDER",
            "fieldsOfAction": ["language"],
        },
        api.provider(net.free),
        SELECTION,
    )
    # then its name comes from the provider and the public does not see it yet
    assert payload["errors"] == []
    assert payload["actor"]["name"] == "Sprachschule Elbe"
    assert payload["actor"]["provider"] == {"name": "Sprachschule Elbe"}
    assert payload["actor"]["published"] is False
    stored = await api.fresh(Actor, _local(payload["actor"]["id"]))
    assert stored is not None and stored.name is None  # linked, not copied


async def test_only_coordinators_publish(api: Api, net: Net) -> None:
    # given
    before = await api.count(Actor)
    # when the provider adds itself as published
    payload = await api.mutate(
        "actorCreate",
        {
            "regionArs": MAGDEBURG,
            "providerId": gid("Provider", net.free.id),
            "kind": "EDUCATION_PROVIDER",
            "published": True,
        },
        api.provider(net.free),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("published", "FORBIDDEN")]
    assert await api.count(Actor) == before


async def test_refused_writes_of_each_role_change_nothing(api: Api, net: Net) -> None:
    # given
    before = await api.snapshot("actor")
    other = gid("Provider", net.school.id)
    attempts = [
        # public: nothing
        ("actorCreate", _new(), {}),
        # a provider registers somebody else
        (
            "actorCreate",
            {"regionArs": MAGDEBURG, "providerId": other, "kind": "SCHOOL"},
            api.provider(net.free),
        ),
        # a provider registers an actor without provider
        ("actorCreate", _new(), api.provider(net.free)),
        # a coordinator of another region
        ("actorCreate", _new(), api.coordinator(BOERDE)),
        # a provider edits another provider's entry
        (
            "actorUpdate",
            {"id": gid("Actor", net.jobcenter.id), "expectedVersion": 1, "description": "x"},
            api.provider(net.vhs),
        ),
        (
            "actorUpdate",
            {"id": gid("Actor", net.school_actor.id), "expectedVersion": 1, "description": "x"},
            api.provider(net.vhs),
        ),
        # Börde's coordinator edits a Magdeburg actor
        (
            "actorUpdate",
            {"id": gid("Actor", net.vhs_actor.id), "expectedVersion": 1, "description": "x"},
            api.coordinator(BOERDE),
        ),
    ]
    for name, input, headers in attempts:
        # when
        payload = await api.mutate(name, input, headers, "actor { id }")
        # then
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"], (name, input, payload)
        assert payload["actor"] is None
    assert await api.snapshot("actor") == before


async def test_a_provider_keeps_its_own_entry_current(api: Api, net: Net) -> None:
    # when
    payload = await api.mutate(
        "actorUpdate",
        {
            "id": gid("Actor", net.vhs_actor.id),
            "expectedVersion": 1,
            "fieldsOfAction": ["language", "education"],
            "contactRole": "Fachbereich DaZ",
        },
        api.provider(net.vhs),
        SELECTION,
    )
    # then
    assert payload["errors"] == []
    assert payload["actor"]["version"] == 2
    assert payload["actor"]["fieldOfActionCodes"] == ["language", "education"]
    assert payload["actor"]["published"] is True  # still as the coordinators decided


async def test_an_outdated_version_is_a_conflict(api: Api, net: Net) -> None:
    # given a first edit
    first = await api.mutate(
        "actorUpdate",
        {
            "id": gid("Actor", net.jobcenter.id),
            "expectedVersion": 1,
            "description": "Team Migration",
        },
        api.coordinator(),
        SELECTION,
    )
    assert first["errors"] == []
    # when a second editor sends an edit based on version 1
    second = await api.mutate(
        "actorUpdate",
        {"id": gid("Actor", net.jobcenter.id), "expectedVersion": 1, "description": "Anders"},
        api.coordinator(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in second["errors"]] == [("expectedVersion", "CONFLICT")]
    stored = await api.fresh(Actor, net.jobcenter.id)
    assert stored is not None and stored.description == "Team Migration"


async def test_hostile_and_wrong_input_is_refused_field_by_field(api: Api, net: Net) -> None:
    cases = [
        (_new(name="x" * 301), "name", "TOO_LONG"),
        (_new(description="y" * 100_000), "description", "TOO_LONG"),
        (_new(fieldsOfAction=["language", "karaoke"]), "fieldsOfAction", "BAD_USER_INPUT"),
        # a field of action no longer in force (the list is dated)
        (_new(fieldsOfAction=["asylum_reception"]), "fieldsOfAction", "BAD_USER_INPUT"),
        (_new(targetGroups=["ALIENS"]), "targetGroups", "BAD_USER_INPUT"),
        (_new(areaCodes=["99"]), "areaCodes", "BAD_USER_INPUT"),
        (
            _new(areaCodes=[], municipalityArs=["150830270270"]),
            "municipalityArs",
            "BAD_USER_INPUT",
        ),  # Haldensleben is not in Magdeburg
        (_new(kind="SPACESHIP"), "kind", "BAD_USER_INPUT"),
        (_new(validFrom="2026-05-01", validTo="2026-01-01"), "validTo", "BAD_USER_INPUT"),
        (_new(fieldsOfAction=[f"f{i}" for i in range(51)]), "fieldsOfAction", "BAD_USER_INPUT"),
        (_new(regionArs="99"), "regionArs", "BAD_USER_INPUT"),
        (_new(name=None), "name", "BAD_USER_INPUT"),
        (_new(providerId=gid("Provider", net.free.id)), "name", "BAD_USER_INPUT"),
    ]
    before = await api.snapshot("actor")
    for input, field, code in cases:
        # when
        payload = await api.mutate("actorCreate", input, api.coordinator(), "actor { id }")
        # then
        assert (field, code) in [(e["field"], e["code"]) for e in payload["errors"]], (
            input,
            payload,
        )
        assert payload["actor"] is None
    assert await api.snapshot("actor") == before


async def test_nul_bytes_are_refused_before_anything_runs(api: Api, net: Net) -> None:
    # when
    response = await api.client.post(
        "/graphql",
        json={
            "query": "mutation($input: ActorCreateInput!) { actorCreate(input: $input) "
            "{ actor { id } errors { code } } }",
            "variables": {"input": _new(name="Verein\x00")},
        },
        headers=api.coordinator(),
    )
    # then
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await api.count(ChangeLogEntry) == 0


async def test_a_personal_address_needs_a_named_person_with_consent(api: Api, net: Net) -> None:
    # when a private person's address is given as the contact
    refused = await api.mutate(
        "actorCreate",
        _new(contactEmail="anna.schmidt@verein.example.org"),
        api.coordinator(),
        SELECTION,
    )
    without_consent = await api.mutate(
        "actorCreate", _new(contactPerson="Anna Schmidt"), api.coordinator(), SELECTION
    )
    accepted = await api.mutate(
        "actorCreate",
        _new(
            contactEmail="anna.schmidt@verein.example.org",
            contactPerson="Anna Schmidt",
            contactConsentDate="2026-01-10",
            published=True,
        ),
        api.coordinator(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("contactEmail", "BAD_USER_INPUT")
    ]
    assert [e["field"] for e in without_consent["errors"]] == ["contactConsentDate"]
    assert accepted["errors"] == []
    assert accepted["actor"]["contact"]["person"] == "Anna Schmidt"
    # and the public sees the function, never the person
    public = await api.graphql(
        "query($id: ID!) { actor(id: $id) { contact { role email person } } }",
        {"id": accepted["actor"]["id"]},
    )
    assert public["actor"]["contact"]["person"] is None
    assert public["actor"]["contact"]["role"] == "Vorstand"


async def test_a_provider_is_in_the_network_only_once(api: Api, net: Net) -> None:
    # when
    payload = await api.mutate(
        "actorCreate",
        {"regionArs": MAGDEBURG, "providerId": gid("Provider", net.vhs.id), "kind": "VHS"},
        api.coordinator(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("providerId", "CONFLICT")]


async def test_a_provider_of_another_region_is_not_linked(api: Api, net: Net) -> None:
    # when Magdeburg's coordinator links Börde's adult education centre
    payload = await api.mutate(
        "actorCreate",
        {"regionArs": MAGDEBURG, "providerId": gid("Provider", net.kvhs.id), "kind": "VHS"},
        api.admin(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("providerId", "BAD_USER_INPUT")
    ]


def _local(global_id: str) -> UUID:
    return from_global_id(global_id)[1]
