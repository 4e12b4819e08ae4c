"""Course planning: coordinators see starts, gaps, clashes and utilisation of their region."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import BOERDE, MAGDEBURG, Catalogue

PLANNING = """
query($ars: String!, $from: Date!, $to: Date!) {
  coursePlanning(regionArs: $ars, from: $from, to: $to) {
    thresholds { gapWeeks clashMinProviders }
    starts {
      courseTypeCode level place { areaCode town } starts { startDate providerName freeSeats }
    }
    gaps { courseTypeCode family level place { areaCode areaName town } gapFrom gapTo weeks }
    clashes { courseTypeCode level town isoYear isoWeek providerNames }
    utilisation { courseTypeCode level place { areaCode town } runs capacityMax seatsBooked
                  freeSeats waitlistLength utilisationRate }
  }
}
"""


async def _plan(
    client: httpx.AsyncClient, headers: dict[str, str], start: str, end: str, ars: str = MAGDEBURG
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": PLANNING, "variables": {"ars": ars, "from": start, "to": end}},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_clash_when_two_providers_start_same_course_in_same_town_and_week(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given: two providers start B1 integration courses on Monday and Thursday of ISO week 2
    await catalogue.language_course(start=date(2027, 1, 11), level="B1")
    await catalogue.language_course(start=date(2027, 1, 14), level="B1")
    # and one more the week after, and one in another town in the same week
    await catalogue.language_course(start=date(2027, 1, 18), level="B1")
    await catalogue.language_course(start=date(2027, 1, 12), level="B1", city="Schönebeck")
    headers = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    # when
    body = await _plan(client, headers, "2027-01-01", "2027-03-31")
    # then
    clashes = body["data"]["coursePlanning"]["clashes"]
    assert len(clashes) == 1
    assert clashes[0]["town"] == "Magdeburg"
    assert (clashes[0]["isoYear"], clashes[0]["isoWeek"]) == (2027, 2)
    assert len(clashes[0]["providerNames"]) == 2


async def test_same_provider_twice_in_a_week_is_no_clash(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given
    provider = await catalogue.provider(MAGDEBURG, "VHS Magdeburg")
    await catalogue.language_course(provider=provider, start=date(2027, 1, 11))
    await catalogue.language_course(provider=provider, start=date(2027, 1, 13))
    # when
    body = await _plan(
        client, tokens.for_role(Role.COORDINATOR, MAGDEBURG), "2027-01-01", "2027-02-28"
    )
    # then
    assert body["data"]["coursePlanning"]["clashes"] == []


async def test_gap_in_area_without_expected_level_within_configured_weeks(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given: the region expects A2 job-language courses in every area within 6 weeks
    await catalogue.region(
        MAGDEBURG,
        planning={"gap_weeks": 6, "expected": [{"courseTypeCode": "BSK_A2", "level": "A2"}]},
    )
    north = await catalogue.area(MAGDEBURG, "NORD", "Neue Neustadt")
    south = await catalogue.area(MAGDEBURG, "SUED", "Buckau")
    # starts every four weeks in the north, one start late in the window in the south
    for start in (date(2027, 3, 1), date(2027, 3, 29), date(2027, 4, 26)):
        await catalogue.language_course(start=start, code="BSK_A2", level="A2", area=north)
    await catalogue.language_course(start=date(2027, 5, 3), code="BSK_A2", level="A2", area=south)
    # when
    body = await _plan(
        client, tokens.for_role(Role.COORDINATOR, MAGDEBURG), "2027-03-01", "2027-05-31"
    )
    # then: only the south has a gap, from the window start until its first start
    plan = body["data"]["coursePlanning"]
    assert plan["thresholds"]["gapWeeks"] == 6
    assert [
        (g["place"]["areaCode"], g["level"], g["gapFrom"], g["gapTo"], g["weeks"])
        for g in plan["gaps"]
    ] == [("SUED", "A2", "2027-03-01", "2027-05-03", 9)]


async def test_default_expectation_is_every_integration_level_with_starts_in_region(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given: B1 integration courses start in Magdeburg only; Barleben (a town without areas)
    # has a language course offer but no B1 start in the window
    await catalogue.language_course(start=date(2027, 2, 1), level="B1")
    await catalogue.language_course(start=date(2027, 3, 15), level="B1")
    await catalogue.language_course(
        start=date(2026, 6, 1), level="B1", city="Barleben", status="finished"
    )
    # when
    body = await _plan(
        client, tokens.for_role(Role.COORDINATOR, MAGDEBURG), "2027-02-01", "2027-04-30"
    )
    # then: the default threshold is 8 weeks, the gap is in Barleben for the whole window
    plan = body["data"]["coursePlanning"]
    assert plan["thresholds"]["gapWeeks"] == 8
    gaps = [(g["place"]["town"], g["family"], g["level"], g["gapFrom"]) for g in plan["gaps"]]
    assert gaps == [("Barleben", "integration_course", "B1", "2027-02-01")]


async def test_utilisation_and_starts_by_course_type_level_and_area(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given
    north = await catalogue.area(MAGDEBURG, "NORD", "Neue Neustadt")
    await catalogue.language_course(
        start=date(2027, 1, 4), area=north, capacity_max=20, seats_booked=20, waitlist_length=4
    )
    await catalogue.language_course(
        start=date(2027, 2, 1), area=north, capacity_max=15, seats_booked=6
    )
    await catalogue.language_course(start=date(2027, 2, 1), capacity_max=None, seats_booked=3)
    # a run in another region is not part of Magdeburg's plan
    await catalogue.language_course(region_ars=BOERDE, start=date(2027, 2, 1), city="Haldensleben")
    # when
    body = await _plan(
        client, tokens.for_role(Role.COORDINATOR, MAGDEBURG), "2027-01-01", "2027-03-31"
    )
    # then
    plan = body["data"]["coursePlanning"]
    by_place = {(u["place"]["areaCode"], u["place"]["town"]): u for u in plan["utilisation"]}
    assert set(by_place) == {("NORD", None), (None, "Magdeburg")}
    north_row = by_place[("NORD", None)]
    assert (north_row["runs"], north_row["capacityMax"], north_row["seatsBooked"]) == (2, 35, 26)
    assert (north_row["freeSeats"], north_row["waitlistLength"]) == (9, 4)
    assert north_row["utilisationRate"] == round(26 / 35, 4)
    assert by_place[(None, "Magdeburg")]["utilisationRate"] is None
    starts = {(s["place"]["areaCode"], s["place"]["town"]): s for s in plan["starts"]}
    north_starts = starts[("NORD", None)]["starts"]
    assert [s["startDate"] for s in north_starts] == ["2027-01-04", "2027-02-01"]


async def test_planning_is_for_coordinators_of_the_region_only(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    # when
    other_region = await _plan(
        client, tokens.for_role(Role.COORDINATOR, BOERDE), "2027-01-01", "2027-02-01"
    )
    partner = await _plan(
        client, tokens.for_role(Role.PARTNER, MAGDEBURG), "2027-01-01", "2027-02-01"
    )
    admin = await _plan(client, tokens.for_role(Role.ADMIN, "*"), "2027-01-01", "2027-02-01")
    # then
    assert other_region["data"] is None
    assert "coordinators" in other_region["errors"][0]["message"]
    assert partner["data"] is None
    assert admin["data"]["coursePlanning"]["gaps"] == []


async def test_reversed_window_is_a_clear_error(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    await catalogue.region(MAGDEBURG)
    body = await _plan(
        client, tokens.for_role(Role.COORDINATOR, MAGDEBURG), "2027-03-01", "2027-01-01"
    )
    assert "'to' must not be before 'from'" in body["errors"][0]["message"]
