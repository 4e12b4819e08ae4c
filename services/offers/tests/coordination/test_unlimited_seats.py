"""Course runs without a seat maximum have unlimited seats: never "0 free seats" or full, in the
database column, course planning, the course run filter and the language course supply."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Catalogue

QUERY = """
query($ars: String!, $from: Date!, $to: Date!) {
  coursePlanning(regionArs: $ars, from: $from, to: $to) {
    utilisation { courseTypeCode place { town } runs capacityMax seatsBooked freeSeats
                  unlimitedRuns utilisationRate }
  }
  free: courseRuns(filter: {regionArs: $ars, hasFreeSeats: true}) {
    totalCount edges { node { id freeSeats capacityMax } } }
  noFree: courseRuns(filter: {regionArs: $ars, hasFreeSeats: false}) { edges { node { id } } }
  region(ars: $ars) { supply { courseTypeCode upcomingStarts freeSeats } }
}
"""


async def test_a_run_without_maximum_is_unlimited_not_full(
    client: httpx.AsyncClient, session: AsyncSession, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given: an open integration course without a seat maximum and a full one with a maximum
    today = date.today()
    _, unlimited = await catalogue.language_course(
        start=today + timedelta(days=14), capacity_max=None, seats_booked=9
    )
    _, full = await catalogue.language_course(
        code="BSK_B2",
        level="B2",
        start=today + timedelta(days=14),
        capacity_max=10,
        seats_booked=10,
    )
    # when
    response = await client.post(
        "/graphql",
        json={
            "query": QUERY,
            "variables": {
                "ars": MAGDEBURG,
                "from": str(today),
                "to": str(today + timedelta(weeks=8)),
            },
        },
        headers=tokens.for_role(Role.COORDINATOR, MAGDEBURG),
    )
    # then: the database knows no number of free seats for the unlimited run
    body = response.json()
    assert "errors" not in body, body
    await session.refresh(unlimited)
    assert unlimited.free_seats is None
    assert full.free_seats == 0
    data = body["data"]
    # planning counts it as an unlimited run, not as a run with 0 free seats
    utilisation = {u["courseTypeCode"]: u for u in data["coursePlanning"]["utilisation"]}
    assert utilisation["BAMF_IK_ALLG"] == {
        "courseTypeCode": "BAMF_IK_ALLG",
        "place": {"town": "Magdeburg"},
        "runs": 1,
        "capacityMax": 0,
        "seatsBooked": 0,
        "freeSeats": 0,
        "unlimitedRuns": 1,
        "utilisationRate": None,
    }
    assert (utilisation["BSK_B2"]["freeSeats"], utilisation["BSK_B2"]["unlimitedRuns"]) == (0, 0)
    assert utilisation["BSK_B2"]["utilisationRate"] == 1.0
    # hasFreeSeats finds the unlimited run and not the full one
    assert data["free"]["edges"] == [
        {
            "node": {
                "id": to_global_id("CourseRun", unlimited.id),
                "freeSeats": None,
                "capacityMax": None,
            }
        }
    ]
    assert data["free"]["totalCount"] == 1
    assert [e["node"]["id"] for e in data["noFree"]["edges"]] == [
        to_global_id("CourseRun", full.id)
    ]
    # the supply counts the unlimited run as a start but adds no seats for it
    supply = {s["courseTypeCode"]: s for s in data["region"]["supply"]}
    assert (supply["BAMF_IK_ALLG"]["upcomingStarts"], supply["BAMF_IK_ALLG"]["freeSeats"]) == (1, 0)
