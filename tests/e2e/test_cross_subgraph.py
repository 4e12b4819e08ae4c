"""Queries that cross the offers and surveys subgraphs through the real gateway, checked against
what each subgraph answers when asked directly."""

from __future__ import annotations

from typing import Any

import pytest

from koko_shared.auth.actor import ars_prefix
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

MAGDEBURG = "150030000000"
BOERDE = "150830000000"
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

DEMAND_OF_REGIONS = """
query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on Region { ars demand { level newcomers suppressed } } }
}
"""


async def _demand_directly(system: System, ars: list[str]) -> dict[str, Any]:
    data = await system.subgraph(
        "surveys",
        DEMAND_OF_REGIONS,
        {"r": [{"__typename": "Region", "ars": a} for a in ars]},
    )
    return {entity["ars"]: entity["demand"] for entity in data["_entities"]}


async def test_offers_with_their_regions_demand(system: System) -> None:
    body = await system.query(
        "{ offers(first: 100) { totalCount edges { node { id title"
        " region { ars name demand { level newcomers suppressed } } } } } }"
    )
    assert "errors" not in body, body
    edges = body["data"]["offers"]["edges"]  # type: ignore[index]
    direct = await system.subgraph(
        "offers",
        "{ offers(first: 100) { totalCount"
        " edges { node { id title regionArs region { name } } } } }",
    )
    # The offers part is exactly what offers answers alone.
    assert [(e["node"]["id"], e["node"]["title"]) for e in edges] == [
        (e["node"]["id"], e["node"]["title"]) for e in direct["offers"]["edges"]
    ]
    assert [e["node"]["region"]["ars"] for e in edges] == [
        e["node"]["regionArs"] for e in direct["offers"]["edges"]
    ]
    assert [e["node"]["region"]["name"] for e in edges] == [
        e["node"]["region"]["name"] for e in direct["offers"]["edges"]
    ]
    regions = {e["node"]["region"]["ars"] for e in edges}
    assert {MAGDEBURG, BOERDE} <= regions, "the demo has offers in two districts"
    # The surveys part is what surveys answers for each region.
    demand = await _demand_directly(system, sorted(regions))
    for edge in edges:
        region = edge["node"]["region"]
        assert region["demand"] == demand[region["ars"]], region["ars"]
    assert demand[MAGDEBURG] != demand[BOERDE], "the regions must not be mixed up"
    # Every level is listed (complete tables); the demo's common levels are shown.
    assert [row["level"] for row in demand[MAGDEBURG]] == ["A1", "A2", "B1", "B2", "C1", "C2"]
    assert all(row["newcomers"] and not row["suppressed"] for row in demand[MAGDEBURG][:3])


async def test_language_course_gap_is_demand_minus_free_seats(system: System) -> None:
    for ars in (MAGDEBURG, BOERDE):
        body = await system.query(
            "query ($ars: String!) { region(ars: $ars) { name"
            " languageCourseGap { level demand freeSeats upcomingStarts gap } } }",
            {"ars": ars},
        )
        assert "errors" not in body, body
        gaps = body["data"]["region"]["languageCourseGap"]  # type: ignore[index]

        supply = (
            await system.subgraph(
                "offers",
                "query ($ars: String!) { region(ars: $ars) { supply"
                " { courseTypeCode level startLevel upcomingStarts freeSeats } } }",
                {"ars": ars},
            )
        )["region"]["supply"]
        demand = {
            row["level"]: row["newcomers"] for row in (await _demand_directly(system, [ars]))[ars]
        }
        seats: dict[str, int] = {}
        starts: dict[str, int] = {}
        for row in supply:  # by the level learners begin at, like the demand
            seats[row["startLevel"]] = seats.get(row["startLevel"], 0) + row["freeSeats"]
            starts[row["startLevel"]] = starts.get(row["startLevel"], 0) + row["upcomingStarts"]
        expected = [
            {
                "level": level,
                "demand": demand.get(level),
                "freeSeats": seats.get(level, 0),
                "upcomingStarts": starts.get(level, 0),
                "gap": None if demand.get(level) is None else demand[level] - seats.get(level, 0),
            }
            for level in CEFR
            if level in demand or level in seats
        ]
        assert gaps == expected, ars
        if ars == MAGDEBURG:
            # Not a trivial chain: the offers' seats really reduce the gap somewhere.
            assert any(row["freeSeats"] > 0 and row["gap"] < row["demand"] for row in gaps)


async def test_offers_to_surveys_to_offers(system: System) -> None:
    body = await system.query(
        "query ($ars: String!) { region(ars: $ars) { name"
        " studies { title regionArs region { ars name supply { level freeSeats } } } } }",
        {"ars": MAGDEBURG},
    )
    assert "errors" not in body, body
    region = body["data"]["region"]  # type: ignore[index]
    assert region["name"] == "Magdeburg"
    studies = region["studies"]
    assert {s["title"] for s in studies} == {
        "Erstbefragung Neuzugewanderte",
        "Verbleib Schulabgänger",
    }
    for study in studies:
        # The study's region (surveys knows only its ARS) is filled in by offers again.
        assert study["region"]["ars"] == study["regionArs"]
        direct = await system.subgraph(
            "offers",
            "query ($ars: String!) { region(ars: $ars) { ars name supply { level freeSeats } } }",
            {"ars": study["regionArs"]},
        )
        assert study["region"] == direct["region"]


async def test_offers_region_studies_region_in_one_list(system: System) -> None:
    body = await system.query(
        "{ offers(first: 20) { edges { node { title region { ars"
        " studies { code region { ars name level } } } } } } }"
    )
    assert "errors" not in body, body
    edges = body["data"]["offers"]["edges"]  # type: ignore[index]
    assert len(edges) > 10
    for edge in edges:
        studies = edge["node"]["region"]["studies"]
        assert studies, edge["node"]["title"]
        for study in studies:
            # The state's study, or the district's own (the intake study is Magdeburg's).
            region = study["region"]
            assert (region["name"], region["level"]) in {
                ("Sachsen-Anhalt", "state"),
                ("Magdeburg", "district"),
            }
            assert edge["node"]["region"]["ars"].startswith(ars_prefix(region["ars"]))
