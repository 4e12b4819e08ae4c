"""Figures for every reader without the analyst role: read from the values a wave's release
stored, never computed on read. Indicators are published per category of a table plan's
indicator (`code:category`); breakdowns are those the plan allows; rates are derived from the
stored perturbed counts and shown when the published denominator reaches the study's
`min_rate_denominator`."""

from __future__ import annotations

from itertools import product
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import ars_prefix
from koko_shared.errors import InvalidInput
from koko_surveys.analytics.disclosure import DisclosurePolicy, Sign
from koko_surveys.analytics.results import (
    Dimension,
    IndicatorResult,
    IndicatorRowResult,
    Labels,
    RetentionResult,
    TransitionCellResult,
    TransitionResult,
)
from koko_surveys.analytics.tables import FIXED_LABELS, NOT_STATED, NOTHING, PublishedCell
from koko_surveys.indicator.models import IndicatorDefinition
from koko_surveys.plan import repository as plan_repository
from koko_surveys.plan.models import TablePlan
from koko_surveys.release import repository as release_repository
from koko_surveys.release import service as release_service
from koko_surveys.release.cells import (
    NO_ANSWER,
    NOT_REINTERVIEWED,
    OTHER,
    TOTAL,
    CellId,
    code_list,
)
from koko_surveys.release.models import Release
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import Study
from koko_surveys.study.service import require_ars
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave.models import Wave
from koko_surveys.wave.service import wave_of

OTHER_LABELS = {"de": "übrige", "en": "other"}


def _cell(
    numerator: int | None, denominator: int | None, policy: DisclosurePolicy
) -> PublishedCell:
    if numerator is None or denominator is None:
        return PublishedCell(None, None, None, Sign.SECRET)
    rate = (
        round(min(numerator / denominator, 1.0), 3)
        if denominator >= policy.min_rate_denominator and denominator > 0
        else None
    )
    return PublishedCell(numerator, denominator, rate, Sign.VALUE)


async def _plan_of(session: AsyncSession, study: Study, version: int | None) -> TablePlan | None:
    return await plan_repository.get(session, study.id, version) if version else None


def _find_indicator(plan: TablePlan, code: str) -> tuple[dict[str, Any], str]:
    name, _, category = code.partition(":")
    for indicator in plan.indicators:
        categories = [c["code"] for c in indicator["categories"]]
        if indicator["code"] == name and category in categories:
            return indicator, category
    published = ", ".join(
        f"{i['code']}:{c['code']}" for i in plan.indicators for c in i["categories"]
    )
    raise InvalidInput(
        "no indicator '{code}' in this wave's table plan; published: {published}",
        field="code",
        params={"code": code, "published": published},
    )


def _labels(dimension: str, value: str, study_cohorts: dict[str, str]) -> Labels:
    if value == "":
        return NOT_STATED
    if value == OTHER:
        return OTHER_LABELS
    if dimension == "cohort":
        return {"de": study_cohorts[value]} if value in study_cohorts else {}
    return FIXED_LABELS.get(dimension, {}).get(value, {})


async def indicator(
    session: AsyncSession,
    study: Study,
    *,
    code: str,
    wave_id: UUID | None,
    by: list[Dimension],
    region_ars: str | None,
    release_id: UUID | None,
) -> IndicatorResult:
    if Dimension.WAVE in by or Dimension.REGION in by:
        raise InvalidInput(
            "released figures are per wave and for the study's region: ask per waveId, by "
            "AREA, COHORT, ORIGIN_GROUP, AGE_GROUP or SEX",
            field="by",
        )
    if region_ars and ars_prefix(require_ars(region_ars)) != ars_prefix(study.region_ars):
        raise InvalidInput(
            "released figures cover the study's whole region; leave regionArs out",
            field="regionArs",
        )
    waves = (await wave_repository.waves_of(session, [study.id]))[study.id]
    release = await release_service.release_of(
        session, study, await wave_of(session, study, wave_id) if wave_id else None, release_id
    )
    if release is None and wave_id is None:
        released = await release_repository.latest_of_waves(session, [w.id for w in waves])
        latest = [w for w in reversed(waves) if w.id in released]
        release = released[latest[0].id] if latest else None
    wave = next((w for w in waves if release and w.id == release.wave_id), None)
    if wave is None and wave_id is not None:
        wave = await wave_of(session, study, wave_id)
    policy = DisclosurePolicy.of(study)
    plan = await _plan_of(
        session,
        study,
        release.plan_version if release else (wave.table_plan_version if wave else None),
    )
    definition = IndicatorDefinition(study_id=study.id, code=code, label={})
    if plan is None:
        # Nothing released and no plan: no table exists yet.
        return IndicatorResult(study, definition, wave, by, [], NOTHING, policy, None)
    spec, category = _find_indicator(plan, code)
    category_label = next(c["label"] for c in spec["categories"] if c["code"] == category)
    definition.label = {
        lang: f"{spec['label'].get(lang, spec['code'])}: {text}"
        for lang, text in (category_label or {"de": category}).items()
    }
    requested = [d.value for d in by]
    stored_dims = next((b for b in [[], *plan.breakdowns] if sorted(b) == sorted(requested)), None)
    if stored_dims is None:
        allowed = "; ".join(" x ".join(b) for b in plan.breakdowns) or "none"
        raise InvalidInput(
            "the table plan does not publish this breakdown; allowed: {allowed}",
            field="by",
            params={"allowed": allowed},
        )
    stored: dict[CellId, int | None] = {}
    if release is not None:
        stored = (
            await release_repository.values(
                session, [release.id], kind="indicator", name=spec["code"]
            )
        )[release.id]
    cohorts = {c.code: c.label for c in await study_repository.cohorts_of(session, study.id)}
    joined = ",".join(stored_dims)

    def published(dims: str, key: tuple[str, ...]) -> PublishedCell:
        if release is None:
            return NOTHING
        return _cell(
            stored.get(("indicator", spec["code"], dims, key, category)),
            stored.get(("indicator", spec["code"], dims, key, TOTAL)),
            policy,
        )

    rows = []
    for combo in product(*(code_list(d, plan.code_lists) for d in requested)):
        values = dict(zip(requested, combo, strict=True))
        key = tuple(values[d] for d in stored_dims)
        rows.append(
            IndicatorRowResult(
                tuple(
                    (d, v or None, _labels(d.value, v, cohorts))
                    for d, v in zip(by, combo, strict=True)
                ),
                published(joined, key),
            )
        )
    return IndicatorResult(study, definition, wave, by, rows, published("", ()), policy, release)


def _states(spec: dict[str, Any]) -> list[tuple[str, Labels]]:
    return [
        *((c["code"], c.get("label") or {"de": c["code"]}) for c in spec["categories"]),
        (NO_ANSWER, {"de": "keine Angabe", "en": "no answer"}),
        (NOT_REINTERVIEWED, {"de": "nicht erneut befragt", "en": "not re-interviewed"}),
    ]


async def transitions(
    session: AsyncSession,
    study: Study,
    *,
    from_wave: Wave,
    to_wave: Wave,
    question: str,
    release_id: UUID | None,
) -> TransitionResult:
    waves = sorted(
        (await wave_repository.waves_of(session, [study.id]))[study.id], key=lambda w: w.position
    )
    index = [w.id for w in waves].index(to_wave.id)
    if index == 0 or waves[index - 1].id != from_wave.id:
        raise InvalidInput(
            "released transitions run from a wave to the next one", field="fromWaveId"
        )
    release = await release_service.release_of(session, study, to_wave, release_id)
    if release is not None and release.wave_id != to_wave.id:
        raise InvalidInput("this release is of another wave", field="releaseId")
    plan = await _plan_of(
        session, study, release.plan_version if release else to_wave.table_plan_version
    )
    spec = next(
        (i for i in (plan.indicators if plan else []) if question in (i["code"], i["question"])),
        None,
    )
    if spec is None:
        raise InvalidInput(
            "no indicator or question '{question}' in the wave's table plan",
            field="question",
            params={"question": question},
        )
    policy = DisclosurePolicy.of(study)
    stored: dict[CellId, int | None] = {}
    if release is not None:
        stored = (
            await release_repository.values(
                session, [release.id], kind="transition", name=spec["code"]
            )
        )[release.id]
    states = _states(spec)
    cells: list[TransitionCellResult] = []
    row_totals: list[tuple[str, PublishedCell]] = []
    for from_state, _ in states[:-1]:
        total = stored.get(("transition", spec["code"], "", (from_state,), TOTAL))
        total_cell = NOTHING if release is None else _cell(total, total, policy)
        row_totals.append((from_state, total_cell))
        for to_state, _ in states:
            count = stored.get(("transition", spec["code"], "", (from_state,), to_state))
            cell = NOTHING if release is None else _cell(count, total, policy)
            cells.append(
                TransitionCellResult(from_state, to_state, cell.numerator, cell.rate, cell)
            )
    return TransitionResult(
        study, from_wave, to_wave, spec["question"], states, cells, row_totals, release
    )


async def retention(session: AsyncSession, study: Study) -> list[RetentionResult]:
    policy = DisclosurePolicy.of(study)
    waves = sorted(
        (await wave_repository.waves_of(session, [study.id]))[study.id], key=lambda w: w.position
    )
    released = await release_repository.latest_of_waves(session, [w.id for w in waves])
    stored = await release_repository.values(
        session, [r.id for r in released.values()], kind="retention"
    )
    results = []
    for wave in waves:
        release = released.get(wave.id)
        if release is None:
            results.append(RetentionResult(wave, None, None, None, NOTHING))
            continue
        values = stored[release.id]
        interviewed = values.get(("retention", "", "", (), "interviewed"))
        retained = values.get(("retention", "", "", (), "retained"))
        cell = _cell(retained, interviewed, policy)
        results.append(RetentionResult(wave, interviewed, retained, cell.rate, cell))
    return results


async def language_demand(
    session: AsyncSession, studies: list[Study], levels: tuple[str, ...]
) -> dict[str, int] | None:
    """Demand per level summed over the studies' latest released waves (None: none released)."""
    waves = await wave_repository.waves_of(session, [s.id for s in studies])
    latest: list[Release] = []
    for study in studies:
        ordered = sorted(waves.get(study.id, []), key=lambda w: -w.position)
        released = await release_repository.latest_of_waves(session, [w.id for w in ordered])
        newest = next((released[w.id] for w in ordered if w.id in released), None)
        if newest is not None:
            latest.append(newest)
    if not latest:
        return None
    stored = await release_repository.values(session, [r.id for r in latest], kind="demand")
    return {
        level: sum(stored[r.id].get(("demand", "", "", (), level)) or 0 for r in latest)
        for level in levels
    }
