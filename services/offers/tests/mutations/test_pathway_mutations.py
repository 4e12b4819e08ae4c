"""pathwayCreate and pathwayUpdate: ordered steps, kept step ids and their translations."""

from __future__ import annotations

from typing import Any

from koko_offers.pathway.models import Pathway, PathwayStep
from koko_offers.translation.models import Translation
from koko_shared.demo_regions import MAGDEBURG

from .conftest import Api, World, gid

SELECTION = (
    "pathway { id title goal status version steps { id position title categoryCodes offerIds } }"
)


async def test_coordinator_creates_a_pathway_with_ordered_steps(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "pathwayCreate",
        {
            "regionArs": MAGDEBURG,
            "title": "Weg in den Beruf",
            "goal": "employment",
            "steps": [
                {"title": "Integrationskurs", "categoryCodes": ["language_course"]},
                {"title": "Beratung", "categoryCodes": ["counselling"]},
                {"title": "Kurs am Vormittag", "offerIds": [gid("Offer", world.offer_a.id)]},
            ],
        },
        api.coordinator(),
        SELECTION,
    )
    # then
    assert payload["errors"] == []
    steps = payload["pathway"]["steps"]
    assert [(s["position"], s["title"]) for s in steps] == [
        (1, "Integrationskurs"),
        (2, "Beratung"),
        (3, "Kurs am Vormittag"),
    ]
    assert steps[2]["offerIds"] == [gid("Offer", world.offer_a.id)]


async def test_providers_cannot_write_pathways(api: Api, world: World) -> None:
    # given
    before = await api.count(Pathway)
    # when
    payload = await api.mutate(
        "pathwayCreate",
        {"regionArs": MAGDEBURG, "title": "X", "goal": "employment"},
        api.provider(world.provider_a),
        SELECTION,
    )
    # then
    assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert await api.count(Pathway) == before


async def test_reordering_keeps_steps_and_their_translations(api: Api, world: World) -> None:
    # given: a second step, and a translation of the first
    pathway_id = gid("Pathway", world.pathway.id)
    kept_id = gid("PathwayStep", world.step.id)
    api.session.add(
        Translation(
            entity="pathway_step",
            entity_id=world.step.id,
            field="title",
            language="en",
            text="Language course",
            source_hash="x",
        )
    )
    await api.session.flush()
    # when: a new step goes first, the old one second
    payload = await api.mutate(
        "pathwayUpdate",
        {
            "id": pathway_id,
            "expectedVersion": 1,
            "steps": [
                {"title": "Erstberatung", "categoryCodes": ["counselling"]},
                {"id": kept_id, "title": "Sprachkurs"},
            ],
        },
        api.coordinator(),
        SELECTION,
        language="de",
    )
    # then
    assert payload["errors"] == []
    steps = payload["pathway"]["steps"]
    assert [(s["position"], s["title"]) for s in steps] == [(1, "Erstberatung"), (2, "Sprachkurs")]
    assert steps[1]["id"] == kept_id
    assert payload["pathway"]["version"] == 2
    translation = await api.fresh(Translation, ("pathway_step", world.step.id, "title", "en"))
    assert translation is not None and translation.state == "up_to_date"
    entry = (await api.changes("pathway", world.pathway.id))[-1]
    assert [s["title"] for s in entry.changes["steps"][0]] == ["Sprachkurs"]
    assert [s["title"] for s in entry.changes["steps"][1]] == ["Erstberatung", "Sprachkurs"]


async def test_renaming_a_step_outdates_and_removing_it_drops_translations(
    api: Api, world: World
) -> None:
    # given
    api.session.add(
        Translation(
            entity="pathway_step",
            entity_id=world.step.id,
            field="title",
            language="en",
            text="Language course",
            source_hash="x",
        )
    )
    await api.session.flush()
    pathway_id = gid("Pathway", world.pathway.id)
    kept_id = gid("PathwayStep", world.step.id)
    # when: renamed
    await api.mutate(
        "pathwayUpdate",
        {"id": pathway_id, "expectedVersion": 1, "steps": [{"id": kept_id, "title": "Deutsch"}]},
        api.coordinator(),
        SELECTION,
    )
    # then
    translation = await api.fresh(Translation, ("pathway_step", world.step.id, "title", "en"))
    assert translation is not None and translation.state == "outdated"
    # when: removed
    await api.mutate(
        "pathwayUpdate",
        {"id": pathway_id, "expectedVersion": 2, "steps": [{"title": "Neu"}]},
        api.coordinator(),
        SELECTION,
    )
    # then
    assert await api.fresh(Translation, ("pathway_step", world.step.id, "title", "en")) is None
    assert await api.fresh(PathwayStep, world.step.id) is None


async def test_bad_steps_are_refused_by_position(api: Api, world: World) -> None:
    # given
    before = await api.snapshot("pathway_step")
    steps: list[dict[str, Any]] = [
        {"title": "ok"},
        {"title": "T" * 301},
        {"title": "x", "categoryCodes": ["astrology"]},
        {"title": "y", "offerIds": [gid("Offer", world.offer_boerde.id)]},  # another region
        {"title": "z", "id": gid("PathwayStep", world.provider_a.id)},  # not a step of it
    ]
    # when
    payload = await api.mutate(
        "pathwayUpdate",
        {"id": gid("Pathway", world.pathway.id), "expectedVersion": 1, "steps": steps},
        api.coordinator(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("steps.1.title", "TOO_LONG")]
    # when: the length fixed, the references are checked
    steps[1]["title"] = "fine"
    payload = await api.mutate(
        "pathwayUpdate",
        {"id": gid("Pathway", world.pathway.id), "expectedVersion": 1, "steps": steps},
        api.coordinator(),
        SELECTION,
    )
    # then
    assert {e["field"] for e in payload["errors"]} == {
        "steps.2.categoryCodes",
        "steps.3.offerIds",
        "steps.4.id",
    }
    assert await api.snapshot("pathway_step") == before
    stored = await api.fresh(Pathway, world.pathway.id)
    assert stored is not None and stored.version == 1


async def test_stale_pathway_edit_conflicts(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "pathwayUpdate",
        {"id": gid("Pathway", world.pathway.id), "expectedVersion": 7, "title": "Neu"},
        api.coordinator(),
        SELECTION,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("expectedVersion", "CONFLICT")]
