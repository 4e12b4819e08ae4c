"""`offer.free_seats_until` (migration 0016: the last day one of the offer's runs with free
seats takes registrations) is written by the database with every write of runs: the
`hasFreeSeats` filter reads it instead of the runs, so each mutation must leave it right."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import text

from .conftest import START, Api, World, gid

SELECTION = "courseRun { id version }"
FREE_OFFERS = (
    "query($provider: ID!) { offers(first: 50, filter: {hasFreeSeats: true, "
    "providers: [$provider]}) { edges { node { id } } } }"
)


async def _free_seats_until(api: Api, offer_id: UUID) -> date | None:
    value = (
        await api.session.execute(
            text("SELECT free_seats_until FROM offer WHERE id = :id"), {"id": offer_id}
        )
    ).scalar_one()
    return value  # type: ignore[no-any-return]


async def _listed_as_free(api: Api, world: World) -> bool:
    data = await api.graphql(FREE_OFFERS, {"provider": gid("Provider", world.provider_a.id)})
    ids = {edge["node"]["id"] for edge in data["offers"]["edges"]}
    return gid("Offer", world.offer_a.id) in ids


async def _mutate(api: Api, world: World, name: str, input: dict[str, Any]) -> dict[str, Any]:
    payload = await api.mutate(name, input, api.provider(world.provider_a), SELECTION)
    assert payload["errors"] == [], payload["errors"]
    return payload["courseRun"]  # type: ignore[no-any-return]


async def test_every_write_of_runs_keeps_the_offers_free_seats_current(
    api: Api, world: World
) -> None:
    # given the world's run of offer A: open, 15 of 20 seats free, no deadline, starts at START
    offer_id = world.offer_a.id
    run_a = gid("CourseRun", world.run_a.id)
    assert await _free_seats_until(api, offer_id) == START
    assert await _listed_as_free(api, world)
    # when the run is booked out, then nothing of the offer takes registrations with free seats
    await _mutate(
        api, world, "courseRunUpdateSeats", {"id": run_a, "expectedVersion": 1, "seatsBooked": 20}
    )
    assert await _free_seats_until(api, offer_id) is None
    assert not await _listed_as_free(api, world)
    # when the capacity grows again, the run is open until its start again
    await _mutate(
        api, world, "courseRunUpdateSeats", {"id": run_a, "expectedVersion": 2, "capacityMax": 24}
    )
    assert await _free_seats_until(api, offer_id) == START
    # when a later run with a registration deadline is planned, the offer is open until then
    later = START + timedelta(days=40)
    created = await _mutate(
        api,
        world,
        "courseRunCreate",
        {
            "offerId": gid("Offer", offer_id),
            "locationId": gid("Location", world.location_a.id),
            "startDate": later.isoformat(),
            "registrationDeadline": (later - timedelta(days=7)).isoformat(),
            "capacityMax": 10,
            "seatsBooked": 2,
            "status": "open",
        },
    )
    assert await _free_seats_until(api, offer_id) == later - timedelta(days=7)
    # when that run moves its deadline, the offer follows
    moved = await _mutate(
        api,
        world,
        "courseRunUpdate",
        {
            "id": created["id"],
            "expectedVersion": 1,
            "registrationDeadline": (later - timedelta(days=3)).isoformat(),
        },
    )
    assert await _free_seats_until(api, offer_id) == later - timedelta(days=3)
    # when it is cancelled, the first run is the offer's last chance again
    await _mutate(
        api, world, "courseRunCancel", {"id": created["id"], "expectedVersion": moved["version"]}
    )
    assert await _free_seats_until(api, offer_id) == START
    # when the first run is cancelled too, nothing is left
    await _mutate(api, world, "courseRunCancel", {"id": run_a, "expectedVersion": 3})
    assert await _free_seats_until(api, offer_id) is None
    assert not await _listed_as_free(api, world)
    # and the other offers were never touched
    assert await _free_seats_until(api, world.offer_boerde.id) is None
