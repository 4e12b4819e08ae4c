"""Indicators, transition matrices and retention of one study. Analysts of the region read live
figures (any stored indicator definition, complete tables, threshold, cell key perturbation,
secondary suppression): no caller ever sees a raw count. Everyone else, and analysts naming a
release, read the values a wave's release stored (`published`)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor, ars_prefix
from koko_shared.errors import InvalidInput
from koko_surveys import authorization
from koko_surveys.analytics import published, repository
from koko_surveys.analytics.disclosure import Count, DisclosurePolicy
from koko_surveys.analytics.repository import NO_ANSWER, NOT_REINTERVIEWED, Scope
from koko_surveys.analytics.results import (
    Dimension,
    IndicatorResult,
    IndicatorRowResult,
    Labels,
    RetentionResult,
    TransitionCellResult,
    TransitionResult,
)
from koko_surveys.analytics.tables import (
    AGE_GROUPS,
    FIXED_LABELS,
    NOT_STATED,
    SEXES,
    PublishedCell,
    merge,
    publish,
    secondary_suppression,
    secondary_suppression_of_table,
)
from koko_surveys.indicator import repository as indicator_repository
from koko_surveys.instrument import repository as instrument_repository
from koko_surveys.release import service as release_service
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import Study
from koko_surveys.study.service import require_ars, visible_study
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave.models import Wave
from koko_surveys.wave.service import wave_of

__all__ = [
    "Dimension",
    "IndicatorResult",
    "IndicatorRowResult",
    "RetentionResult",
    "TransitionCellResult",
    "TransitionResult",
]


async def _study_for_aggregates(
    session: AsyncSession, actor: Actor, study_id: UUID
) -> tuple[Study, bool]:
    study = await visible_study(session, actor, study_id)
    return study, authorization.can_read_internal_aggregates(actor, study)


OTHER = "_other"
OTHER_LABELS = {"de": "übrige", "en": "other"}


@dataclass(frozen=True, slots=True)
class CodeList:
    """The values a table shows for a dimension, with labels; values of an open list (region,
    area, origin group) held by fewer submissions than the threshold are folded into `_other`,
    so a row's existence never tells that someone of that kind took part."""

    values: list[tuple[str | None, Labels]]
    folded: frozenset[str | None] = frozenset()

    def shown(self, value: str | None) -> str | None:
        return OTHER if value in self.folded else value


async def _code_list(
    session: AsyncSession, study: Study, scope: Scope, dimension: Dimension
) -> CodeList:
    if dimension is Dimension.WAVE:
        waves = (await wave_repository.waves_of(session, [study.id]))[study.id]
        return CodeList([(w.code, {"de": w.label}) for w in waves])
    if dimension is Dimension.COHORT:
        cohorts = await study_repository.cohorts_of(session, study.id)
        codes: list[tuple[str | None, Labels]] = [(c.code, {"de": c.label}) for c in cohorts]
        return CodeList([*codes, (None, NOT_STATED)])
    fixed = {Dimension.SEX: SEXES, Dimension.AGE_GROUP: AGE_GROUPS}.get(dimension, ())
    labels = FIXED_LABELS.get(dimension.value, {})
    if fixed:
        return CodeList([(v, labels.get(v, {})) for v in fixed] + [(None, NOT_STATED)])
    observed = await repository.dimension_values(
        session, study_id=study.id, scope=scope, dimension=dimension.value
    )
    common = sorted(v for v, n in observed if v is not None and n >= study.min_cell_count)
    rare = frozenset(v for v, n in observed if v is not None and n < study.min_cell_count)
    values: list[tuple[str | None, Labels]] = [(v, {}) for v in common]
    return CodeList([*values, (OTHER, OTHER_LABELS), (None, NOT_STATED)], rare)


async def indicator(
    session: AsyncSession,
    actor: Actor,
    *,
    study_id: UUID,
    code: str,
    wave_id: UUID | None,
    by: list[Dimension],
    region_ars: str | None = None,
    release_id: UUID | None = None,
) -> IndicatorResult:
    study, internal = await _study_for_aggregates(session, actor, study_id)
    if release_id is not None or not release_service.reads_live(actor, study):
        return await published.indicator(
            session,
            study,
            code=code,
            wave_id=wave_id,
            by=by,
            region_ars=region_ars,
            release_id=release_id,
        )
    definition = await indicator_repository.indicator(session, study.id, code)
    if definition is None or not (definition.public or internal):
        raise InvalidInput(
            "no indicator '{code}' in this study", field="code", params={"code": code}
        )
    if len(set(by)) != len(by) or len(by) > 3:
        raise InvalidInput("break down by at most three different dimensions", field="by")
    wave: Wave | None = None
    if wave_id is not None:
        wave = await wave_of(session, study, wave_id)
    elif Dimension.WAVE not in by:
        waves = (await wave_repository.waves_of(session, [study.id]))[study.id]
        wave = waves[-1] if waves else None
    scope, released = Scope(live_studies=(study.id,)), True
    policy = DisclosurePolicy.of(study)
    region_prefix = ars_prefix(require_ars(region_ars)) if region_ars else None

    async def counts(
        dimensions: list[Dimension],
    ) -> dict[tuple[str | None, ...], tuple[Count, Count]]:
        groups = await repository.indicator_counts(
            session,
            study_id=study.id,
            scope=scope,
            wave_id=wave.id if wave else None,
            dimensions=[d.value for d in dimensions],
            numerator=definition.numerator,
            denominator=definition.denominator,
            region_prefix=region_prefix,
        )
        return {key: (numerator, denominator) for key, numerator, denominator in groups}

    code_lists = [await _code_list(session, study, scope, d) for d in by]
    groups: dict[tuple[str | None, ...], list[tuple[Count, Count]]] = {}
    for key, cell in (await counts(by)).items():
        shown = tuple(code_list.shown(v) for code_list, v in zip(code_lists, key, strict=True))
        groups.setdefault(shown, []).append(cell)
    total = (await counts([])).get((), (Count(0), Count(0)))
    empty = [(Count(0), Count(0))]
    keys = list(product(*(c.values for c in code_lists))) if by else []
    measured = [
        (merge([n for n, _ in cells]), merge([d for _, d in cells]))
        for cells in (groups.get(tuple(v for v, _ in key), empty) for key in keys)
    ]
    cells = secondary_suppression_of_table(
        policy,
        [tuple(v for v, _ in key) for key in keys],
        [publish(policy, n, d, released=released) for n, d in measured],
        [d.true for _, d in measured],
    )
    rows = [
        IndicatorRowResult(
            tuple((d, value, labels) for d, (value, labels) in zip(by, key, strict=True)), cell
        )
        for key, cell in zip(keys, cells, strict=True)
    ]
    return IndicatorResult(
        study,
        definition,
        wave,
        by,
        rows,
        publish(policy, *total, released=released),
        policy,
        None,
    )


async def transitions(
    session: AsyncSession,
    actor: Actor,
    *,
    study_id: UUID,
    from_wave_id: UUID,
    to_wave_id: UUID,
    question: str,
    release_id: UUID | None = None,
) -> TransitionResult:
    study, _internal = await _study_for_aggregates(session, actor, study_id)
    from_wave = await wave_of(session, study, from_wave_id)
    to_wave = await wave_of(session, study, to_wave_id)
    if from_wave.id == to_wave.id:
        raise InvalidInput("a transition needs two different waves", field="toWaveId")
    if release_id is not None or not release_service.reads_live(actor, study):
        return await published.transitions(
            session,
            study,
            from_wave=from_wave,
            to_wave=to_wave,
            question=question,
            release_id=release_id,
        )
    labels = await choice_labels(session, study, question)
    if labels is None:
        raise InvalidInput(
            "no select_one question '{question}' in this study's instruments",
            field="question",
            params={"question": question},
        )
    scope, released = Scope(live_studies=(study.id,)), True
    policy = DisclosurePolicy.of(study)
    counts = {
        (f, t): n
        for f, t, n in await repository.transition_counts(
            session, scope=scope, from_wave=from_wave.id, to_wave=to_wave.id, question=question
        )
    }
    states = [
        *labels.items(),
        (NO_ANSWER, {"de": "keine Angabe", "en": "no answer"}),
        (NOT_REINTERVIEWED, {"de": "nicht erneut befragt", "en": "not re-interviewed"}),
    ]
    from_states = [code for code, _ in states if code != NOT_REINTERVIEWED]
    to_states = [code for code, _ in states]
    cells: list[TransitionCellResult] = []
    row_totals: list[tuple[str, PublishedCell]] = []
    for from_state in from_states:
        row = [counts.get((from_state, to), Count(0)) for to in to_states]
        margin = merge(row)
        total_cell = publish(policy, margin, margin, released=released)
        line = secondary_suppression(
            policy,
            [publish(policy, n, margin, released=released) for n in row],
            [margin.true] * len(row),
        )
        row_totals.append((from_state, total_cell))
        for to_state, cell in zip(to_states, line, strict=True):
            cells.append(
                TransitionCellResult(
                    from_state,
                    to_state,
                    cell.numerator,
                    cell.rate if total_cell.denominator is not None else None,
                    cell,
                )
            )
    return TransitionResult(study, from_wave, to_wave, question, states, cells, row_totals, None)


async def choice_labels(
    session: AsyncSession, study: Study, question: str
) -> dict[str, Labels] | None:
    """Labels of the choices of a select_one question, from the latest instrument version."""
    for version, _instrument in reversed(
        await instrument_repository.versions_of_study(session, study.id)
    ):
        for spec in version.questions:
            if spec.get("name") == question and spec.get("type") == "select_one":
                return {c["code"]: c.get("label") or {} for c in spec.get("choices", [])}
    return None


async def retention(session: AsyncSession, actor: Actor, study: Study) -> list[RetentionResult]:
    if not release_service.reads_live(actor, study):
        return await published.retention(session, study)
    policy = DisclosurePolicy.of(study)
    scope, released = Scope(live_studies=(study.id,)), True
    waves = {w.id: w for w in (await wave_repository.waves_of(session, [study.id]))[study.id]}
    rows = await repository.retention_counts(session, study.id, scope)
    if not rows:
        return []
    first = rows[0][1]
    first_published = publish(policy, first, first, released=released)
    results = []
    for wave_id, interviewed, retained in rows:
        retained_cell = publish(policy, retained, first, released=released)
        interviewed_cell = publish(policy, interviewed, interviewed, released=released)
        results.append(
            RetentionResult(
                waves[wave_id],
                interviewed_cell.numerator,
                retained_cell.numerator,
                policy.rate(retained_cell.numerator, first_published.denominator, first.true),
                retained_cell,
            )
        )
    return results
