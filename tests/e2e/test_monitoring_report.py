"""The council's monitoring report through the gateway: every number it prints equals what the
public GraphQL API publishes for the same release and date (asked here independently)."""

from __future__ import annotations

import asyncio
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from koko_shared.admin import cli as admin
from koko_shared.auth.actor import Role
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

MAGDEBURG = "150030000000"
SACHSEN_ANHALT = "150000000000"
BOERDE = "150830000000"

STUDY = """query($region: String!) {
  studies(regionArs: $region, first: 20) { edges { node {
    id code kind waves { id position }
    releases { id number waveId planVersion }
    tablePlans { version indicators }
  } } }
}"""
INDICATOR = """query($study: ID!, $code: String!, $wave: ID!, $release: ID!) {
  indicator(studyId: $study, code: $code, waveId: $wave, by: [AREA], releaseId: $release) {
    rows { key { value } value { denominator rate sign } }
    total { denominator rate sign }
    release { id }
  }
}"""
FLOW = """query($study: ID!, $from: ID!, $to: ID!, $release: ID!) {
  transitions(studyId: $study, fromWaveId: $from, toWaveId: $to, question: "destination",
              releaseId: $release) {
    cells { fromState toState count sign } rowTotals { state count sign }
  }
}"""
CATALOGUE = """query($region: String!, $on: Date!, $from: Date!) {
  region(ars: $region) {
    languageCourseGap { level demand freeSeats upcomingStarts }
    demand { level newcomers sign }
    supply(on: $on) { startLevel freeSeats upcomingStarts }
  }
  networkCoverage(regionArs: $region, on: $on) { coveredShare }
  courseRuns(first: 1, filter: {regionArs: $region, startsBetween: {from: $from, to: $on},
             status: [PLANNED, OPEN, FULL, RUNNING, FINISHED]}) { totalCount }
}"""

MUNICIPALITIES = """query($region: String!, $on: Date!) {
  regions(parentArs: $region) {
    ars demand { level newcomers } supply(on: $on) { startLevel freeSeats upcomingStarts }
  }
}"""
SUPPLY = """query($region: String!, $on: Date!) {
  region(ars: $region) { demand { level newcomers sign }
                         supply(on: $on) { startLevel freeSeats upcomingStarts } }
}"""
HALDENSLEBEN = "150830270270"
BARLEBEN = "150830040040"


def _by_level(region: dict[str, Any]) -> dict[str, tuple[int | None, int, int]]:
    """What the API publishes for a day, by start level: (demand, free seats, starts); a level
    with demand or supply, as Region.languageCourseGap pairs them."""
    seats: dict[str, list[int]] = {}
    for item in region["supply"]:
        level = seats.setdefault(item["startLevel"], [0, 0])
        level[0] += item["freeSeats"]
        level[1] += item["upcomingStarts"]
    demand = {d["level"]: d["newcomers"] for d in region["demand"] or []}
    return {
        level: (demand.get(level), *seats.get(level, [0, 0]))
        for level in ("A1", "A2", "B1", "B2", "C1", "C2")
        if level in demand or level in seats
    }


def _printed_levels(
    found: dict[str, tuple[str, str | None]], prefix: str, *, starts: bool = True
) -> dict[str, tuple[int | None, ...]]:
    """The report's (demand, free seats[, starts]) by level under a `data-figure` prefix."""
    printed: dict[str, tuple[int | None, ...]] = {}
    for level in ("A1", "A2", "B1", "B2", "C1", "C2"):
        if f"{prefix}{level}/freeSeats" not in found:
            continue
        demand = found[f"{prefix}{level}/demand"][0]
        numbers = [
            None if demand == "" else int(demand),
            int(found[f"{prefix}{level}/freeSeats"][0]),
        ]
        if starts:
            numbers.append(int(found[f"{prefix}{level}/upcomingStarts"][0]))
        printed[level] = tuple(numbers)
    return printed


class Figures(HTMLParser):
    """`data-figure` key -> (data-value, data-sign) of every figure the report prints."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, tuple[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "data-figure" in values:
            self.found[values["data-figure"] or ""] = (
                values.get("data-value") or "",
                values.get("data-sign"),
            )


def _printed(value: float | None) -> str:
    return "" if value is None else repr(value)


async def _data(system: System, query: str, variables: dict[str, object]) -> Any:
    answer = await system.query(query, variables)
    assert "errors" not in answer, answer
    return answer["data"]


async def _school_leavers(system: System) -> dict[str, Any]:
    data = await _data(system, STUDY, {"region": SACHSEN_ANHALT})
    studies = [edge["node"] for edge in data["studies"]["edges"]]
    study: dict[str, Any] = next(s for s in studies if s["kind"] == "destination")
    return study


async def test_the_report_prints_what_the_api_publishes(system: System) -> None:
    # given the school leavers' study, its latest release and a coordinator of Magdeburg
    study = await _school_leavers(system)
    latest = [r for r in study["releases"] if r["waveId"]][-1]
    release = latest["id"]
    coordinator = system.tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    today = date.today()
    # when the coordinator asks for the report through the gateway
    async with httpx.AsyncClient(timeout=120) as client:
        response = await client.get(
            f"{system.gateway.url}/reports/monitoring",
            params={"region": MAGDEBURG, "study": study["id"], "release": "latest", "lang": "de"},
            headers=coordinator,
        )
    # then it is the German HTML report of that release
    assert response.status_code == 200, response.text
    assert response.headers["x-koko-release"] == release
    assert "Monitoringbericht" in response.text and "Verbleib der Schulabgänger" in response.text
    assert response.text.count("<svg") >= 5  # indicators, flow, gap, months, coverage
    printed = Figures()
    printed.feed(response.text)
    found = printed.found
    # and every indicator figure equals the API's for the same release
    (plan,) = [p for p in study["tablePlans"] if p["version"] == latest["planVersion"]]
    indicators = [
        f"{indicator['code']}:{category['code']}"
        for indicator in plan["indicators"]
        for category in indicator["categories"]
    ]
    assert indicators
    compared = 0
    magdeburg_areas = {f"{n:02d}" for n in range(1, 27)}
    for code in indicators:
        table = (
            await _data(
                system,
                INDICATOR,
                {"study": study["id"], "code": code, "wave": latest["waveId"], "release": release},
            )
        )["indicator"]
        assert table["release"]["id"] == release
        rows = [(row["key"][0]["value"] or "unknown", row["value"]) for row in table["rows"]]
        # the state-wide study's cells of the city's Stadtteile, and the state's total
        shown = [(area, value) for area, value in rows if area in magdeburg_areas]
        assert len(shown) == 26
        for area, value in [*shown, ("total", table["total"])]:
            rate = f"indicator/{code}/{area}/rate"
            denominator = f"indicator/{code.partition(':')[0]}/{area}/denominator"
            assert found[denominator][0] == _printed(value["denominator"])
            assert found[rate][0] == _printed(value["rate"])
            if value["rate"] is None and value["sign"] != "VALUE":
                assert found[rate][1] == value["sign"]  # '.' or '–' as the API says
            compared += 2
        # and no cell of another region's areas is passed off as the city's
        for area, _value in rows:
            if area not in magdeburg_areas:
                assert f"indicator/{code}/{area}/rate" not in found
    assert "Sachsen-Anhalt insgesamt (Studienregion)" in response.text
    # and the flow from wave to wave equals the transition matrix
    waves = [w["id"] for w in sorted(study["waves"], key=lambda w: w["position"])]
    assert waves.index(latest["waveId"]) > 0  # the demo releases the follow-up wave last
    matrix = (
        await _data(
            system,
            FLOW,
            {
                "study": study["id"],
                "from": waves[waves.index(latest["waveId"]) - 1],
                "to": latest["waveId"],
                "release": release,
            },
        )
    )["transitions"]
    for cell in matrix["cells"]:
        key = f"flow/destination/{cell['fromState']}/{cell['toState']}"
        assert found[key][0] == _printed(cell["count"])
        if cell["count"] is None and cell["sign"] != "VALUE":
            assert found[key][1] == cell["sign"]
        compared += 1
    for total in matrix["rowTotals"]:
        assert found[f"flow/destination/{total['state']}/total"][0] == _printed(total["count"])
    # and the catalogue figures equal the API's on the report's date
    first = date(today.year - (1 if today.month < 12 else 0), (today.month % 12) + 1, 1)
    catalogue = await _data(
        system, CATALOGUE, {"region": MAGDEBURG, "on": today.isoformat(), "from": first.isoformat()}
    )
    # supply from the report's date, demand as released: the report's table is what the API
    # publishes for that day, and for today also what languageCourseGap pairs
    published = _by_level(catalogue["region"])
    assert published
    assert _printed_levels(found, "gap/") == published
    assert {
        g["level"]: (g["demand"], g["freeSeats"], g["upcomingStarts"])
        for g in catalogue["region"]["languageCourseGap"]
    } == published
    # and the demand names the intake study's latest release (the one Region.demand sums)
    city = await _data(system, STUDY, {"region": MAGDEBURG})
    intake = next(e["node"] for e in city["studies"]["edges"] if e["node"]["kind"] == "intake")
    position = {w["id"]: w["position"] for w in intake["waves"]}
    newest = max(
        (r for r in intake["releases"] if r["waveId"] in position),
        key=lambda r: (position[r["waveId"]], r["number"]),
    )
    assert f'data-demand-release="{newest["number"]}"' in response.text
    starts = sum(int(v) for k, (v, _s) in found.items() if k.endswith("/starts"))
    assert starts == catalogue["courseRuns"]["totalCount"] > 0
    assert float(found["coverage/coveredShare"][0]) == catalogue["networkCoverage"]["coveredShare"]
    assert compared > 20


async def test_a_district_report_shows_supply_and_demand_by_municipality(system: System) -> None:
    # given a coordinator of the Börde district
    study = await _school_leavers(system)
    coordinator = system.tokens.for_role(Role.COORDINATOR, BOERDE)
    # when
    async with httpx.AsyncClient(timeout=120) as client:
        response = await client.get(
            f"{system.gateway.url}/reports/monitoring",
            params={"region": BOERDE, "study": study["id"], "lang": "en"},
            headers=coordinator,
        )
    # then each municipality's figures are the API's for the day
    assert response.status_code == 200, response.text
    municipalities = (
        await _data(system, MUNICIPALITIES, {"region": BOERDE, "on": date.today().isoformat()})
    )["regions"]
    printed = Figures()
    printed.feed(response.text)
    published = {m["ars"]: _by_level(m) for m in municipalities if _by_level(m)}
    assert ("By municipality: demand / free places" in response.text) == bool(published)
    for ars, levels in published.items():
        expected = {level: numbers[:2] for level, numbers in levels.items()}
        assert _printed_levels(printed.found, f"gap/{ars}/", starts=False) == expected
    # and the district's own figures are there
    assert "Landkreis Börde" in response.text and "Language-course seats" in response.text


async def _report(system: System, region: str, params: dict[str, str]) -> httpx.Response:
    coordinator = system.tokens.for_role(Role.COORDINATOR, region)
    async with httpx.AsyncClient(timeout=120) as client:
        return await client.get(
            f"{system.gateway.url}/reports/monitoring",
            params={"region": region, **params},
            headers=coordinator,
        )


async def test_supply_is_the_catalogue_at_the_reports_date(system: System) -> None:
    # given a day ten weeks ahead (the demo's runs start over the coming months)
    study = await _school_leavers(system)
    day = date.fromordinal(date.today().toordinal() + 70)
    # when
    response = await _report(system, MAGDEBURG, {"study": study["id"], "date": day.isoformat()})
    # then its supply is the API's for that day, not today's window
    assert response.status_code == 200, response.text
    printed = Figures()
    printed.feed(response.text)
    on_day = (await _data(system, SUPPLY, {"region": MAGDEBURG, "on": day.isoformat()}))["region"]
    today = (await _data(system, SUPPLY, {"region": MAGDEBURG, "on": date.today().isoformat()}))[
        "region"
    ]
    assert _printed_levels(printed.found, "gap/") == _by_level(on_day)
    assert _by_level(on_day) != _by_level(today)  # the window moved with the date


async def test_a_municipality_report_shows_its_released_areas(system: System) -> None:
    # given the state-wide study, whose plan releases Haldensleben's Ortsteile as areas
    study = await _school_leavers(system)
    latest = [r for r in study["releases"] if r["waveId"]][-1]
    # when a coordinator of the town asks for its report
    response = await _report(system, HALDENSLEBEN, {"study": study["id"], "lang": "de"})
    # then the indicators show the released cells of its Ortsteile with their signs
    assert response.status_code == 200, response.text
    printed = Figures()
    printed.feed(response.text)
    table = (
        await _data(
            system,
            INDICATOR,
            {
                "study": study["id"],
                "code": "destination:training",
                "wave": latest["waveId"],
                "release": latest["id"],
            },
        )
    )["indicator"]
    own = {
        row["key"][0]["value"]: row["value"]
        for row in table["rows"]
        if (row["key"][0]["value"] or "").startswith("HDL-")
    }
    assert len(own) == 4
    for area, value in own.items():
        assert printed.found[f"indicator/destination:training/{area}/rate"] == (
            _printed(value["rate"]),
            value["sign"] if value["rate"] is None else "VALUE",
        )
        assert printed.found[f"indicator/destination/{area}/denominator"][0] == _printed(
            value["denominator"]
        )
    assert "Hundisburg" in response.text
    # and the state's total is named as the study region's, Magdeburg's Stadtteile are absent
    assert "Sachsen-Anhalt insgesamt (Studienregion)" in response.text
    assert "indicator/destination:training/01/rate" not in printed.found
    # and the transitions, released for the whole state only, are named as the state's
    assert "Die Zahlen gelten für Sachsen-Anhalt, nicht für Haldensleben allein." in response.text


async def test_a_municipality_without_released_areas_gets_one_sentence(system: System) -> None:
    # given a town whose areas the study's plan does not release
    study = await _school_leavers(system)
    # when
    response = await _report(system, BARLEBEN, {"study": study["id"], "lang": "en"})
    # then the report says so, and shows no state figures as the town's
    assert response.status_code == 200, response.text
    assert "The release publishes no figures for areas in Barleben" in response.text
    assert 'data-figure="indicator/' not in response.text


async def test_hostile_dates_and_foreign_studies_are_refused(system: System) -> None:
    # given the city's intake study (Magdeburg only)
    data = await _data(system, STUDY, {"region": MAGDEBURG})
    intake = next(e["node"] for e in data["studies"]["edges"] if e["node"]["kind"] == "intake")
    school_leavers = await _school_leavers(system)
    # when
    foreign = await _report(system, BOERDE, {"study": intake["id"]})
    too_early = await _report(
        system, MAGDEBURG, {"study": school_leavers["id"], "date": "1999-12-31"}
    )
    not_a_day = await _report(
        system, MAGDEBURG, {"study": school_leavers["id"], "date": "2026-02-30"}
    )
    api = await system.query(SUPPLY, {"region": MAGDEBURG, "on": "1900-01-01"})
    # then
    for refused in (foreign, too_early, not_a_day):
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert api["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", api


async def test_koko_admin_writes_the_pdf_of_a_release(
    system: System, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a coordinator's token in the environment
    study = await _school_leavers(system)
    latest = [r for r in study["releases"] if r["waveId"]][-1]
    release = latest["id"]
    token = system.tokens.for_role(Role.COORDINATOR, MAGDEBURG)["Authorization"].split()[1]
    monkeypatch.setenv("KOKO_TOKEN", token)
    out = tmp_path / "monitoring-magdeburg.pdf"
    # when
    status = await asyncio.to_thread(
        admin.main,
        [
            "report", "monitoring", "--region", MAGDEBURG, "--study", str(study["id"]),
            "--release", str(release), "--format", "pdf", "--lang", "de",
            "--out", str(out), "--gateway-url", system.gateway.url,
        ],
    )  # fmt: skip
    # then the PDF of that release is written, its charts as text and paths
    assert status == 0
    reader = PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Monitoringbericht" in text and "Kennzahlen nach Gebiet" in text
    assert "Anteil (%)" in text  # an axis title: the chart's words are text
    assert f"Veröffentlichung {latest['number']}" in text


async def test_who_may_ask_and_what_is_refused(system: System) -> None:
    # given
    study = await _school_leavers(system)
    url = f"{system.gateway.url}/reports/monitoring"
    params = {"region": MAGDEBURG, "study": study["id"]}
    async with httpx.AsyncClient(timeout=60) as client:
        # when / then: anonymous, and a coordinator of another region
        anonymous = await client.get(url, params=params)
        other = await client.get(
            url, params=params, headers=system.tokens.for_role(Role.COORDINATOR, BOERDE)
        )
        coordinator = system.tokens.for_role(Role.COORDINATOR, MAGDEBURG)
        unknown_release = await client.get(
            url, params={**params, "release": "U3R1ZHlSZWxlYXNlOm5vbmU="}, headers=coordinator
        )
        unknown_study = await client.get(
            url,
            params={**params, "study": "00000000-0000-0000-0000-000000000000"},
            headers=coordinator,
        )
    assert anonymous.status_code == 401
    assert other.status_code == 403
    for refused in (anonymous, other, unknown_release, unknown_study):
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert unknown_release.status_code == 404, unknown_release.text
    assert unknown_study.status_code == 404, unknown_study.text
