"""Indicators, transition matrices, retention and language-course demand, always through the
disclosure policy of the study: no caller ever sees a raw count."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor, ars_prefix
from koko_shared.errors import InvalidInput
from koko_surveys import authorization
from koko_surveys.analytics import repository
from koko_surveys.analytics.disclosure import DisclosurePolicy
from koko_surveys.instrument import repository as instrument_repository
from koko_surveys.study import repository as study_repository
from koko_surveys.study.errors import StudyNotFound
from koko_surveys.study.models import IndicatorDefinition, Study, Wave
from koko_surveys.study.service import require_ars, wave_of

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


class Dimension(Enum):
    REGION = "region"
    AREA = "area"
    COHORT = "cohort"
    ORIGIN_GROUP = "origin_group"
    AGE_GROUP = "age_group"
    SEX = "sex"
    WAVE = "wave"


@dataclass(frozen=True, slots=True)
class PublishedCell:
    numerator: int | None
    denominator: int | None
    rate: float | None

    @property
    def suppressed(self) -> bool:
        return self.denominator is None or self.numerator is None


@dataclass(frozen=True, slots=True)
class IndicatorRowResult:
    key: tuple[tuple[Dimension, str | None], ...]
    cell: PublishedCell


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    study: Study
    definition: IndicatorDefinition
    wave: Wave | None
    dimensions: list[Dimension]
    rows: list[IndicatorRowResult]
    total: PublishedCell
    policy: DisclosurePolicy


def publish(policy: DisclosurePolicy, numerator: int, denominator: int) -> PublishedCell:
    published_denominator = policy.count(denominator)
    published_numerator = policy.count(numerator) if published_denominator is not None else None
    return PublishedCell(
        numerator=published_numerator,
        denominator=published_denominator,
        rate=policy.rate(published_numerator, published_denominator, denominator),
    )


async def _study_for_aggregates(
    session: AsyncSession, actor: Actor, study_id: UUID
) -> tuple[Study, bool]:
    study = await study_repository.get(session, study_id)
    if study is None or not authorization.can_see(actor, study):
        raise StudyNotFound(study_id)
    return study, authorization.can_read_internal_aggregates(actor, study)


async def indicator(
    session: AsyncSession,
    actor: Actor,
    *,
    study_id: UUID,
    code: str,
    wave_id: UUID | None,
    by: list[Dimension],
    region_ars: str | None = None,
) -> IndicatorResult:
    study, internal = await _study_for_aggregates(session, actor, study_id)
    definition = await study_repository.indicator(session, study.id, code)
    if definition is None or not (definition.public or internal):
        raise InvalidInput(f"no indicator '{code}' in this study", field="code")
    if len(set(by)) != len(by) or len(by) > 3:
        raise InvalidInput("break down by at most three different dimensions", field="by")
    wave: Wave | None = None
    if wave_id is not None:
        wave = await wave_of(session, study, wave_id)
    elif Dimension.WAVE not in by:
        waves = (await study_repository.waves_of(session, [study.id]))[study.id]
        wave = waves[-1] if waves else None
    policy = DisclosurePolicy.of(study)
    dimensions = [d.value for d in by]
    region_prefix = ars_prefix(require_ars(region_ars)) if region_ars else None
    groups = await repository.indicator_counts(
        session,
        study_id=study.id,
        wave_id=wave.id if wave else None,
        dimensions=dimensions,
        numerator=definition.numerator,
        denominator=definition.denominator,
        region_prefix=region_prefix,
    )
    total = await repository.indicator_counts(
        session,
        study_id=study.id,
        wave_id=wave.id if wave else None,
        dimensions=[],
        numerator=definition.numerator,
        denominator=definition.denominator,
        region_prefix=region_prefix,
    )
    rows = [
        IndicatorRowResult(
            tuple(zip(by, key, strict=True)), publish(policy, numerator, denominator)
        )
        for key, numerator, denominator in sorted(groups, key=lambda g: tuple(str(v) for v in g[0]))
        if denominator > 0
    ]
    total_numerator, total_denominator = (total[0][1], total[0][2]) if total else (0, 0)
    return IndicatorResult(
        study,
        definition,
        wave,
        by,
        rows,
        publish(policy, total_numerator, total_denominator),
        policy,
    )


@dataclass(frozen=True, slots=True)
class TransitionCellResult:
    from_state: str
    to_state: str
    count: int | None
    share: float | None


@dataclass(frozen=True, slots=True)
class TransitionResult:
    study: Study
    from_wave: Wave
    to_wave: Wave
    question: str
    states: list[tuple[str, dict[str, str]]]
    cells: list[TransitionCellResult]
    row_totals: list[tuple[str, int | None]]


async def transitions(
    session: AsyncSession,
    actor: Actor,
    *,
    study_id: UUID,
    from_wave_id: UUID,
    to_wave_id: UUID,
    question: str,
) -> TransitionResult:
    study, _internal = await _study_for_aggregates(session, actor, study_id)
    from_wave = await wave_of(session, study, from_wave_id)
    to_wave = await wave_of(session, study, to_wave_id)
    if from_wave.id == to_wave.id:
        raise InvalidInput("a transition needs two different waves", field="toWaveId")
    labels = await _choice_labels(session, study, question)
    if labels is None:
        raise InvalidInput(
            f"no select_one question '{question}' in this study's instruments", field="question"
        )
    policy = DisclosurePolicy.of(study)
    counts = await repository.transition_counts(
        session, from_wave=from_wave.id, to_wave=to_wave.id, question=question
    )
    totals: dict[str, int] = {}
    for from_state, _to, n in counts:
        totals[from_state] = totals.get(from_state, 0) + n
    published_totals = {state: policy.count(n) for state, n in totals.items()}
    cells = []
    for from_state, to_state, n in sorted(counts):
        count = policy.count(n)
        cells.append(
            TransitionCellResult(
                from_state,
                to_state,
                count,
                policy.rate(count, published_totals[from_state], totals[from_state]),
            )
        )
    observed = {s for f, t, _ in counts for s in (f, t)}
    states = [(code, label) for code, label in labels.items()]
    for extra in sorted(observed - set(labels)):
        states.append(
            (
                extra,
                {
                    "de": {
                        "not_reinterviewed": "nicht erneut befragt",
                        "no_answer": "keine Angabe",
                    }.get(extra, extra)
                },
            )
        )
    return TransitionResult(
        study, from_wave, to_wave, question, states, cells, sorted(published_totals.items())
    )


async def _choice_labels(
    session: AsyncSession, study: Study, question: str
) -> dict[str, dict[str, str]] | None:
    for version, _instrument in reversed(
        await instrument_repository.versions_of_study(session, study.id)
    ):
        for spec in version.questions:
            if spec.get("name") == question and spec.get("type") == "select_one":
                return {c["code"]: c.get("label", {}) for c in spec.get("choices", [])}
    return None


@dataclass(frozen=True, slots=True)
class RetentionResult:
    wave: Wave
    interviewed: int | None
    retained: int | None
    rate: float | None


async def retention(session: AsyncSession, study: Study) -> list[RetentionResult]:
    policy = DisclosurePolicy.of(study)
    waves = {w.id: w for w in (await study_repository.waves_of(session, [study.id]))[study.id]}
    rows = await repository.retention_counts(session, study.id)
    if not rows:
        return []
    first_count = rows[0][1]
    published_first = policy.count(first_count)
    results = []
    for wave_id, interviewed, retained in rows:
        published_retained = policy.count(retained)
        results.append(
            RetentionResult(
                waves[wave_id],
                policy.count(interviewed),
                published_retained,
                policy.rate(published_retained, published_first, first_count),
            )
        )
    return results


@dataclass(frozen=True, slots=True)
class DemandResult:
    level: str
    newcomers: int | None


async def language_demand(
    session: AsyncSession, actor: Actor, region_ars: str
) -> list[DemandResult]:
    prefix = ars_prefix(region_ars)
    studies = [
        s
        for s in await study_repository.in_regions(session, [prefix[:2]])
        if s.kind == "intake"
        and authorization.can_see(actor, s)
        and (s.region_ars.startswith(prefix) or prefix.startswith(ars_prefix(s.region_ars)))
    ]
    if not studies:
        return []
    policy = DisclosurePolicy.strictest(studies)
    counts = dict(await repository.language_demand(session, [s.id for s in studies], prefix))
    return [
        DemandResult(level, policy.count(counts[level])) for level in CEFR_LEVELS if level in counts
    ]


@dataclass(frozen=True, slots=True)
class OfferOutcomeResult:
    study: Study
    definition: IndicatorDefinition
    cell: PublishedCell


async def offer_outcomes(
    session: AsyncSession, actor: Actor, offer_id: str
) -> list[OfferOutcomeResult]:
    """Indicators over the latest interview of each subject who took part in this offer."""
    outcomes = []
    for study_id in await repository.studies_with_offer(session, offer_id):
        study = await study_repository.get(session, study_id)
        if study is None or not authorization.can_see(actor, study):
            continue
        internal = authorization.can_read_internal_aggregates(actor, study)
        policy = DisclosurePolicy.of(study)
        for definition in await study_repository.indicators_of(session, study.id):
            if not (definition.public or internal):
                continue
            numerator, denominator = await repository.offer_outcome_counts(
                session,
                study_id=study.id,
                offer_id=offer_id,
                numerator=definition.numerator,
                denominator=definition.denominator,
            )
            outcomes.append(
                OfferOutcomeResult(study, definition, publish(policy, numerator, denominator))
            )
    return outcomes
