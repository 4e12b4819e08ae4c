"""The catalogue's and the network's public figures of a region, read through the gateway like
the survey figures: supply against demand by level, course starts and free seats per month over
the last 12 months, and the network's coverage of the fields of action on the report's date."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from koko_offers.monitoring.areas import inside
from koko_offers.monitoring.figures import (
    NOTHING,
    VALUE,
    CatalogueFigures,
    Coverage,
    DemandSource,
    Disclosure,
    Figure,
    LevelGap,
    MonthStarts,
    RegionGaps,
    Release,
)
from koko_offers.monitoring.gateway import PublicApi
from koko_shared.errors import NotFound

# Supply from the report's date (`Region.supply(on:)`), demand as released (`Region.demand`):
# `languageCourseGap` pairs the two for today's window only.
REGION = """query MonitoringRegion($ars: String!, $on: Date!, $lang: String) {
  region(ars: $ars) {
    name
    areas { code name }
    demand { level newcomers sign }
    supply(on: $on) { startLevel upcomingStarts freeSeats }
    studies {
      title(lang: $lang) code kind regionArs
      waves { id position }
      releases { number waveId cutOffAt publishedAt }
      disclosure { minCellCount maxPerturbation minRateDenominator }
    }
  }
}"""

# The municipalities of a district: supply against demand by municipality where the API has it.
CHILDREN = """query MonitoringChildren($ars: String!, $on: Date!) {
  regions(parentArs: $ars) {
    ars name
    demand { level newcomers sign }
    supply(on: $on) { startLevel upcomingStarts freeSeats }
  }
}"""

# CEFR levels in order; a level is shown when it has demand or supply (as languageCourseGap).
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")

COVERAGE = """query MonitoringCoverage($ars: String!, $on: Date, $lang: String) {
  networkCoverage(regionArs: $ars, on: $on) {
    fieldsOfAction { code label(lang: $lang) }
    areas { code name }
    cells { fieldCode areaCode actorCount }
    coveredShare
  }
}"""

RUNS = """query MonitoringRuns($ars: String!, $from: Date!, $to: Date!, $after: String) {
  courseRuns(first: 100, after: $after,
             filter: {regionArs: $ars, startsBetween: {from: $from, to: $to},
                      status: [PLANNED, OPEN, FULL, RUNNING, FINISHED]}) {
    edges { node { startDate freeSeats } }
    pageInfo { hasNextPage endCursor }
  }
}"""

# A region's runs of a year are a few hundred; more pages than this is a runaway.
MAX_PAGES = 200


def first_of_month(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def twelve_months(on: date) -> list[date]:
    """The first days of the 12 months up to and including `on`'s month, oldest first."""
    return [first_of_month(on, back) for back in range(11, -1, -1)]


async def _runs(api: PublicApi, region_ars: str, on: date) -> list[dict[str, Any]]:
    start = first_of_month(on, 11)
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    for _page in range(MAX_PAGES):
        data = await api.ask(
            RUNS,
            {"ars": region_ars, "from": start.isoformat(), "to": on.isoformat(), "after": after},
        )
        connection = data["courseRuns"]
        nodes.extend(edge["node"] for edge in connection["edges"])
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    return nodes


def per_month(runs: list[dict[str, Any]], on: date) -> list[MonthStarts]:
    months = twelve_months(on)
    starts = dict.fromkeys(months, 0)
    seats = dict.fromkeys(months, 0)
    unlimited = dict.fromkeys(months, 0)
    for run in runs:
        month = first_of_month(date.fromisoformat(run["startDate"]))
        if month not in starts:
            continue
        starts[month] += 1
        if run["freeSeats"] is None:
            unlimited[month] += 1
        else:
            seats[month] += run["freeSeats"]
    return [MonthStarts(m, starts[m], seats[m], unlimited[m]) for m in months]


def gaps(region: dict[str, Any]) -> list[LevelGap]:
    """Released demand (with its disclosure sign) against the supply of the report's window,
    summed by the level learners start at, as `Region.languageCourseGap` pairs them."""
    demand = {d["level"]: d for d in region["demand"] or []}
    seats: dict[str, int] = {}
    starts: dict[str, int] = {}
    for item in region["supply"] or []:
        level = item["startLevel"]
        seats[level] = seats.get(level, 0) + item["freeSeats"]
        starts[level] = starts.get(level, 0) + item["upcomingStarts"]
    result = []
    for level in LEVELS:
        if level not in demand and level not in seats:
            continue
        asked = demand.get(level)
        sign = asked["sign"] if asked else NOTHING
        result.append(
            LevelGap(
                level=level,
                demand=Figure(asked["newcomers"] if asked and sign == VALUE else None, sign),
                free_seats=seats.get(level, 0),
                upcoming_starts=starts.get(level, 0),
            )
        )
    return result


def demand_sources(region_ars: str, studies: list[dict[str, Any]]) -> list[DemandSource]:
    """The releases `Region.demand` sums for a public reader: the latest released wave of each
    intake study run in the region or inside it."""
    sources = []
    for study in studies:
        if study["kind"] != "intake" or not inside(study["regionArs"], region_ars):
            continue
        position = {w["id"]: w["position"] for w in study["waves"]}
        released = [r for r in study["releases"] if r["waveId"] in position]
        if not released:
            continue
        latest = max(released, key=lambda r: (position[r["waveId"]], r["number"]))
        disclosure = study["disclosure"]
        sources.append(
            DemandSource(
                study_title=study["title"] or study["code"],
                release=Release(
                    id="",
                    number=latest["number"],
                    cut_off_at=datetime.fromisoformat(latest["cutOffAt"]),
                    published_at=(
                        datetime.fromisoformat(latest["publishedAt"])
                        if latest["publishedAt"]
                        else None
                    ),
                ),
                disclosure=Disclosure(
                    disclosure["minCellCount"],
                    disclosure["maxPerturbation"],
                    disclosure["minRateDenominator"],
                ),
            )
        )
    return sources


async def read(api: PublicApi, *, region_ars: str, on: date) -> CatalogueFigures:
    day = on.isoformat()
    region = (await api.ask(REGION, {"ars": region_ars, "on": day, "lang": api.language}))["region"]
    if region is None:
        raise NotFound("no region with this Regionalschlüssel", field="region")
    answer, runs, children = await asyncio.gather(
        api.ask(COVERAGE, {"ars": region_ars, "on": day, "lang": api.language}),
        _runs(api, region_ars, on),
        api.ask(CHILDREN, {"ars": region_ars, "on": day}),
    )
    coverage = answer["networkCoverage"]
    return CatalogueFigures(
        region_ars=region_ars,
        region_name=region["name"],
        area_names={a["code"]: a["name"] for a in region["areas"]},
        gaps=gaps(region),
        demand_sources=demand_sources(region_ars, region["studies"] or []),
        gaps_by_region=[
            RegionGaps(child["ars"], child["name"], gaps(child))
            for child in children["regions"]
            if gaps(child)
        ],
        months=per_month(runs, on),
        coverage=Coverage(
            fields=[(f["code"], f["label"]) for f in coverage["fieldsOfAction"]],
            areas=[(a["code"], a["name"]) for a in coverage["areas"]],
            actor_counts={
                (c["fieldCode"], c["areaCode"]): c["actorCount"] for c in coverage["cells"]
            },
            covered_share=coverage["coveredShare"],
        ),
    )
