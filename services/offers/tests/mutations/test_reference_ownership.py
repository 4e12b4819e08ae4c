"""Every reference a writer can set points at something it owns (issue 8.6): for each one, the
writer's own record is accepted; another organization's record it can read is PERMISSION_DENIED
on that field; one it cannot read (a draft) is NOT_FOUND, so the refusal reveals nothing; and a
refusal writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from koko_offers.location.models import Location
from koko_offers.offer.models import Offer
from koko_shared.demo_regions import BOERDE, MAGDEBURG

from .conftest import START, Api, World, gid

TABLES = ("offer", "course_run", "location", "translation", "pathway", "pathway_step", "change_log")


@dataclass
class Foreign:
    """Records of provider B (Magdeburg) that provider A can see or not."""

    location: Location
    published: Offer
    draft: Offer


@pytest.fixture
async def foreign(api: Api, world: World) -> Foreign:
    location = Location(
        provider_id=world.provider_b.id,
        region_ars=MAGDEBURG,
        name="Haus B",
        city="Magdeburg",
        transit_note="Straßenbahn 1",
    )
    world.location_a.transit_note = "Straßenbahn 2"
    api.session.add(location)
    await api.session.flush()
    published, draft = (
        Offer(
            region_ars=MAGDEBURG,
            provider_id=world.provider_b.id,
            location_id=location.id,
            category_code="language_course",
            title=title,
            status=status,
        )
        for title, status in (("Kurs B", "published"), ("Entwurf B", "draft"))
    )
    api.session.add_all([published, draft])
    await api.session.flush()
    return Foreign(location, published, draft)


def _run_input(offer_id: str, location_id: str) -> dict[str, Any]:
    return {
        "offerId": offer_id,
        "locationId": location_id,
        "startDate": START.isoformat(),
        "endDate": (START + timedelta(days=90)).isoformat(),
        "timeOfDay": "PART_TIME",
    }


def _offer_input(provider_id: str, location_id: str) -> dict[str, Any]:
    return {
        "providerId": provider_id,
        "categoryCode": "language_course",
        "locationId": location_id,
        "title": "Neuer Kurs",
    }


# (case, mutation, input builder(world, foreign, own: bool) , selection, refused (code, field))
CASES: list[tuple[str, str, Any, str, tuple[str, str | None]]] = [
    (
        "offer -> location (update)",
        "offerUpdate",
        lambda w, f, own: {
            "id": gid("Offer", w.offer_a.id),
            "expectedVersion": 1,
            "locationId": gid("Location", (w.location_a if own else f.location).id),
        },
        "offer { id }",
        ("FORBIDDEN", "locationId"),
    ),
    (
        "offer -> location (create)",
        "offerCreate",
        lambda w, f, own: _offer_input(
            gid("Provider", w.provider_a.id),
            gid("Location", (w.location_a if own else f.location).id),
        ),
        "offer { id }",
        ("FORBIDDEN", "locationId"),
    ),
    (
        "offer -> provider",
        "offerCreate",
        lambda w, f, own: _offer_input(
            gid("Provider", (w.provider_a if own else w.provider_b).id),
            gid("Location", w.location_a.id),
        ),
        "offer { id }",
        ("FORBIDDEN", None),
    ),
    (
        "location -> provider",
        "locationCreate",
        lambda w, f, own: {
            "providerId": gid("Provider", (w.provider_a if own else w.provider_b).id),
            "name": "Lernzentrum",
            "city": "Magdeburg",
        },
        "location { id }",
        ("FORBIDDEN", None),
    ),
    (
        "course run -> published offer",
        "courseRunCreate",
        lambda w, f, own: _run_input(
            gid("Offer", (w.offer_a if own else f.published).id), gid("Location", w.location_a.id)
        ),
        "courseRun { id }",
        ("FORBIDDEN", "offerId"),
    ),
    (
        "course run -> draft offer",
        "courseRunCreate",
        lambda w, f, own: _run_input(
            gid("Offer", (w.offer_a if own else f.draft).id), gid("Location", w.location_a.id)
        ),
        "courseRun { id }",
        ("NOT_FOUND", "offerId"),
    ),
    (
        "course run -> location (create)",
        "courseRunCreate",
        lambda w, f, own: _run_input(
            gid("Offer", w.offer_a.id), gid("Location", (w.location_a if own else f.location).id)
        ),
        "courseRun { id }",
        ("FORBIDDEN", "locationId"),
    ),
    (
        "course run -> location (update)",
        "courseRunUpdate",
        lambda w, f, own: {
            "id": gid("CourseRun", w.run_a.id),
            "expectedVersion": 1,
            "locationId": gid("Location", (w.location_a if own else f.location).id),
        },
        "courseRun { id }",
        ("FORBIDDEN", "locationId"),
    ),
    (
        "translation -> published offer",
        "translationUpsert",
        lambda w, f, own: {
            "entityId": gid("Offer", (w.offer_a if own else f.published).id),
            "field": "title",
            "language": "en",
            "text": "Course",
        },
        "translation { state }",
        ("FORBIDDEN", "entityId"),
    ),
    (
        "translation -> draft offer",
        "translationUpsert",
        lambda w, f, own: {
            "entityId": gid("Offer", (w.offer_a if own else f.draft).id),
            "field": "title",
            "language": "en",
            "text": "Course",
        },
        "translation { state }",
        ("NOT_FOUND", "entityId"),
    ),
    (
        "translation -> location",
        "translationUpsert",
        lambda w, f, own: {
            "entityId": gid("Location", (w.location_a if own else f.location).id),
            "field": "transitNote",
            "language": "en",
            "text": "Tram",
        },
        "translation { state }",
        ("FORBIDDEN", "entityId"),
    ),
]


@pytest.mark.parametrize("own", [True, False], ids=["own", "foreign"])
@pytest.mark.parametrize(
    ("mutation", "build", "selection", "refused"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
async def test_a_provider_refers_only_to_its_own_records(
    api: Api,
    world: World,
    foreign: Foreign,
    own: bool,
    mutation: str,
    build: Any,
    selection: str,
    refused: tuple[str, str | None],
) -> None:
    # given
    before = {table: await api.snapshot(table) for table in TABLES}
    # when
    payload = await api.mutate(
        mutation, build(world, foreign, own), api.provider(world.provider_a), selection
    )
    # then
    if own:
        assert payload["errors"] == []
        return
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [refused]
    assert {table: await api.snapshot(table) for table in TABLES} == before


@pytest.mark.parametrize(
    ("offer", "refused"),
    [("own", None), ("draft elsewhere", ("NOT_FOUND", "steps.0.offerIds"))],
)
async def test_a_pathway_step_refers_only_to_offers_its_coordinator_can_read(
    api: Api, world: World, offer: str, refused: tuple[str, str] | None
) -> None:
    # given: the Börde offer is a draft the Magdeburg coordinator cannot read
    assert world.offer_boerde.status == "draft" and world.offer_boerde.region_ars == BOERDE
    target = world.offer_a if offer == "own" else world.offer_boerde
    before = {table: await api.snapshot(table) for table in TABLES}
    # when
    payload = await api.mutate(
        "pathwayCreate",
        {
            "regionArs": MAGDEBURG,
            "title": "Weg",
            "goal": "employment",
            "steps": [{"title": "Kurs", "offerIds": [gid("Offer", target.id)]}],
        },
        api.coordinator(),
        "pathway { id }",
    )
    # then
    if refused is None:
        assert payload["errors"] == []
        return
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [refused]
    assert {table: await api.snapshot(table) for table in TABLES} == before
