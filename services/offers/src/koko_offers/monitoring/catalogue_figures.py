"""The catalogue's and the network's public figures of a region, read through the gateway like
the survey figures: supply against demand by level, course starts and free seats per month over
the last 12 months, and the network's coverage of the fields of action on the report's date."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from koko_offers.monitoring.figures import (
    NOTHING,
    CatalogueFigures,
    Coverage,
    Figure,
    LevelGap,
    MonthStarts,
    RegionGaps,
)
from koko_offers.monitoring.gateway import PublicApi
from koko_shared.errors import NotFound

REGION = """query MonitoringRegion($ars: String!) {
  region(ars: $ars) {
    name
    areas { code name }
    demand { level newcomers sign }
    languageCourseGap { level demand freeSeats upcomingStarts }
  }
}"""

# The municipalities of a district: supply against demand by area where the API has areas.
CHILDREN = """query MonitoringChildren($ars: String!) {
  regions(parentArs: $ars) {
    ars name
    demand { level newcomers sign }
    languageCourseGap { level demand freeSeats upcomingStarts }
  }
}"""

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


def _gaps(region: dict[str, Any]) -> list[LevelGap]:
    """The region's gap by level, each demand with its disclosure sign from `Region.demand`."""
    signs = {d["level"]: d["sign"] for d in region["demand"] or []}
    gaps = []
    for gap in region["languageCourseGap"] or []:
        sign = signs.get(gap["level"], NOTHING)
        gaps.append(
            LevelGap(
                level=gap["level"],
                demand=Figure(gap["demand"] if sign == "VALUE" else None, sign),
                free_seats=gap["freeSeats"],
                upcoming_starts=gap["upcomingStarts"],
            )
        )
    return gaps


async def read(api: PublicApi, *, region_ars: str, on: date) -> CatalogueFigures:
    region = (await api.ask(REGION, {"ars": region_ars}))["region"]
    if region is None:
        raise NotFound("no region with this Regionalschlüssel", field="region")
    gaps = _gaps(region)
    answer, runs, children = await asyncio.gather(
        api.ask(COVERAGE, {"ars": region_ars, "on": on.isoformat(), "lang": api.language}),
        _runs(api, region_ars, on),
        api.ask(CHILDREN, {"ars": region_ars}),
    )
    coverage = answer["networkCoverage"]
    return CatalogueFigures(
        region_ars=region_ars,
        region_name=region["name"],
        area_names={a["code"]: a["name"] for a in region["areas"]},
        gaps=gaps,
        gaps_by_region=[
            RegionGaps(child["ars"], child["name"], _gaps(child))
            for child in children["regions"]
            if child["languageCourseGap"]
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
