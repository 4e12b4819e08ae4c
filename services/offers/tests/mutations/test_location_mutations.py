"""locationCreate and locationUpdate."""

from __future__ import annotations

from typing import Any

import pytest

from koko_offers.location.models import Location
from koko_shared.demo_regions import BOERDE

from .conftest import Api, World, gid

SELECTION = "location { id name city lat lon version area { code } openingHours { weekday } }"


def _create_input(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "providerId": gid("Provider", world.provider_a.id),
        "name": "Lernzentrum Altstadt",
        "street": "Breiter Weg 1",
        "postalCode": "39104",
        "city": "Magdeburg",
        "lat": 52.13,
        "lon": 11.63,
        "areaCode": "altstadt",
        "barrierFree": True,
        "openingHours": [{"weekday": 1, "opens": "09:00", "closes": "12:00"}],
        **overrides,
    }


async def test_provider_adds_a_location_in_an_area(api: Api, world: World) -> None:
    # when
    payload = await api.mutate(
        "locationCreate", _create_input(world), api.provider(world.provider_a), SELECTION
    )
    # then
    assert payload["errors"] == []
    location = payload["location"]
    assert (location["name"], location["area"], location["version"]) == (
        "Lernzentrum Altstadt",
        {"code": "altstadt"},
        1,
    )
    assert location["openingHours"] == [{"weekday": 1}]


async def test_provider_cannot_add_locations_of_another_provider(api: Api, world: World) -> None:
    # given
    before = await api.count(Location)
    # when
    payload = await api.mutate(
        "locationCreate", _create_input(world), api.provider(world.provider_b), SELECTION
    )
    # then
    assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert await api.count(Location) == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lat": 95.0}, "lat"),
        ({"lon": None}, "lon"),
        ({"postalCode": "3910"}, "postalCode"),
        ({"areaCode": "atlantis"}, "areaCode"),
        ({"name": "N" * 301}, "name"),
        ({"city": ""}, "city"),
        ({"regionArs": BOERDE}, "regionArs"),
        (
            {"openingHours": [{"weekday": 0, "opens": "09:00", "closes": "12:00"}]},
            "openingHours.0.weekday",
        ),
        ({"providerId": gid("Provider", "00000000-0000-0000-0000-000000000009")}, "providerId"),
    ],
)
async def test_bad_location_input_is_refused(
    api: Api, world: World, overrides: dict[str, Any], field: str
) -> None:
    # given
    before = await api.snapshot("location")
    # when
    payload = await api.mutate(
        "locationCreate", _create_input(world, **overrides), api.admin(), SELECTION
    )
    # then
    assert [e["field"] for e in payload["errors"]] == [field]
    assert await api.snapshot("location") == before


async def test_coordinator_updates_a_location_and_stale_versions_conflict(
    api: Api, world: World
) -> None:
    # given
    location_id = gid("Location", world.location_a.id)
    # when
    first = await api.mutate(
        "locationUpdate",
        {"id": location_id, "expectedVersion": 1, "appointmentOnly": True, "areaCode": "altstadt"},
        api.coordinator(),
        SELECTION,
    )
    stale = await api.mutate(
        "locationUpdate",
        {"id": location_id, "expectedVersion": 1, "name": "Anders"},
        api.coordinator(),
        SELECTION,
    )
    # then
    assert first["errors"] == [] and first["location"]["version"] == 2
    assert [e["code"] for e in stale["errors"]] == ["CONFLICT"]
    stored = await api.fresh(Location, world.location_a.id)
    assert stored is not None
    assert (stored.name, stored.appointment_only, stored.version) == ("Haus A", True, 2)
    entry = (await api.changes("location", world.location_a.id))[-1]
    assert entry.changes["appointment_only"] == [False, True]
