"""A release's public figures, read through the gateway with the survey fields the API has
today (`study`, `indicator`, `transitions`). The only module that knows their shape: when the
survey API changes, this is what changes; the rest of the report reads `SurveyFigures`.

A release is one wave's (`StudyRelease.waveId`): its figures are the tables of the study's table
plan (`planVersion`), each indicator per category (`code:category`) by area, for the study's whole
region, and the transitions from the wave before into the released wave."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import Any

from koko_offers.monitoring.figures import (
    SECRET,
    VALUE,
    AreaRate,
    Disclosure,
    Figure,
    Flow,
    FlowCell,
    IndicatorByArea,
    Release,
    SurveyFigures,
)
from koko_offers.monitoring.gateway import PublicApi
from koko_shared.errors import NotFound

STUDY = """query MonitoringStudy($id: ID!, $lang: String) {
  study(id: $id) {
    id title(lang: $lang) code regionArs
    waves { id code label position }
    releases { id number waveId planVersion cutOffAt publishedAt }
    tablePlans { version indicators breakdowns }
    disclosure { minCellCount maxPerturbation minRateDenominator }
  }
}"""

INDICATOR = """query MonitoringIndicator($study: ID!, $code: String!, $wave: ID, $release: ID) {
  indicator(studyId: $study, code: $code, waveId: $wave, by: [AREA], releaseId: $release) {
    code label wave { label }
    rows { key { value label } value { numerator denominator rate sign } }
    total { numerator denominator rate sign }
    release { id }
  }
}"""

TRANSITIONS = """query MonitoringFlow($study: ID!, $from: ID!, $to: ID!, $question: String!,
    $release: ID) {
  transitions(studyId: $study, fromWaveId: $from, toWaveId: $to, question: $question,
              releaseId: $release) {
    fromWave { label } toWave { label } question
    states { code label }
    cells { fromState toState count share sign }
    rowTotals { state count sign }
    release { id }
  }
}"""


def _figure(value: float | None, sign: str) -> Figure:
    """A number the API gives is shown (a denominator can be published beside a withheld rate);
    a missing one shows its sign."""
    if value is not None:
        return Figure(value, VALUE)
    return Figure(None, sign if sign != VALUE else SECRET)


def _label(spec: dict[str, Any], language: str) -> str:
    """A plan entry's label in the language (German, else its code, without one)."""
    labels = spec.get("label") or {}
    return str(labels.get(language) or labels.get("de") or spec["code"])


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _area_rate(code: str | None, label: str, value: dict[str, Any]) -> AreaRate:
    return AreaRate(
        area_code=code,
        area_label=label,
        rate=_figure(value["rate"], value["sign"]),
        denominator=_figure(value["denominator"], value["sign"]),
    )


def _indicator(table: dict[str, Any], total_label: str) -> IndicatorByArea:
    rows = [
        _area_rate(
            row["key"][0]["value"],
            row["key"][0]["label"] or row["key"][0]["value"] or "",
            row["value"],
        )
        for row in table["rows"]
    ]
    return IndicatorByArea(
        code=table["code"],
        label=table["label"] or table["code"],
        wave_label=(table["wave"] or {}).get("label"),
        rows=rows,
        total=_area_rate(None, total_label, table["total"]),
    )


def _flow(matrix: dict[str, Any]) -> Flow:
    return Flow(
        from_wave=matrix["fromWave"]["label"],
        to_wave=matrix["toWave"]["label"],
        question=matrix["question"],
        states=[(s["code"], s["label"] or s["code"]) for s in matrix["states"]],
        cells=[
            FlowCell(
                c["fromState"],
                c["toState"],
                _figure(c["count"], c["sign"]),
                _figure(c["share"], c["sign"]),
            )
            for c in matrix["cells"]
        ],
        row_totals={t["state"]: _figure(t["count"], t["sign"]) for t in matrix["rowTotals"]},
    )


async def read(
    api: PublicApi,
    *,
    study_id: str,
    release: str,
    question: str,
    total_label: str,
) -> SurveyFigures:
    """The figures of `release` (an id, or `latest`) of a study for `region_ars`."""
    study = (await api.ask(STUDY, {"id": study_id, "lang": api.language}))["study"]
    if study is None:
        raise NotFound("no public study with this id", field="study")
    releases = [r for r in study["releases"] if r["waveId"]]  # older ones publish nothing
    if not releases:
        raise NotFound("the study has no release yet", field="release")
    chosen = (
        releases[-1]
        if release == "latest"
        else next((r for r in releases if r["id"] == release), None)
    )
    if chosen is None:
        raise NotFound("the study has no release with this id", field="release")
    release_id = chosen["id"]
    plan = next((p for p in study["tablePlans"] if p["version"] == chosen["planVersion"]), None)
    by_area = plan is not None and ["area"] in plan["breakdowns"]
    specs = plan["indicators"] if plan else []
    categories = {
        f"{indicator['code']}:{category['code']}": _label(category, api.language)
        for indicator in specs
        for category in indicator.get("categories") or []
    }
    # Without an AREA breakdown the plan publishes nothing by area: nothing to ask.
    codes = list(categories) if by_area else []
    # The questions are independent: asked together, the report waits for the slowest only.
    tables = await asyncio.gather(
        *(
            api.ask(
                INDICATOR,
                {
                    "study": study["id"],
                    "code": code,
                    "wave": chosen["waveId"],
                    "release": release_id,
                },
            )
            for code in codes
        )
    )
    indicators = [
        replace(_indicator(table["indicator"], total_label), category_label=categories[code])
        for code, table in zip(codes, tables, strict=True)
    ]
    waves = sorted(study["waves"], key=lambda w: w["position"])
    position = next(i for i, w in enumerate(waves) if w["id"] == chosen["waveId"])
    flows = []
    if position > 0:
        data, errors = await api.ask_partial(
            TRANSITIONS,
            {
                "study": study["id"],
                "from": waves[position - 1]["id"],
                "to": chosen["waveId"],
                "question": question,
                "release": release_id,
            },
        )
        # Without the question in the plan there is no flow to draw.
        if not errors and data.get("transitions"):
            flows.append(_flow(data["transitions"]))
    disclosure = study["disclosure"]
    return SurveyFigures(
        study_id=study["id"],
        study_title=study["title"] or study["code"],
        study_region_ars=study["regionArs"],
        release=Release(
            id=release_id,
            number=chosen["number"],
            cut_off_at=_time(chosen["cutOffAt"]) or datetime.min,
            published_at=_time(chosen["publishedAt"]),
        ),
        disclosure=Disclosure(
            disclosure["minCellCount"],
            disclosure["maxPerturbation"],
            disclosure["minRateDenominator"],
        ),
        indicators=indicators,
        flows=flows,
        indicator_labels={i["code"]: _label(i, api.language) for i in specs},
        by_area=by_area,
    )
