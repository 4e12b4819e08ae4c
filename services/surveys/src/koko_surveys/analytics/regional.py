"""Aggregates published on entities of the offers subgraph (`Region` demand and the
language-course gap, `Offer` outcomes), through the same disclosure path as every table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor, ars_prefix
from koko_surveys import authorization
from koko_surveys.analytics import repository
from koko_surveys.analytics.disclosure import Count, DisclosurePolicy, Sign
from koko_surveys.analytics.tables import (
    PublishedCell,
    publish,
    secondary_suppression_of_counts,
    sign_of,
)
from koko_surveys.release import service as release_service
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import IndicatorDefinition, Study

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass(frozen=True, slots=True)
class DemandResult:
    level: str
    newcomers: int | None
    sign: Sign


async def language_demand(
    session: AsyncSession, actor: Actor, region_ars: str
) -> list[DemandResult]:
    """Newcomers still needing a language course per CEFR level: every level, always."""
    prefix = ars_prefix(region_ars)
    studies = await study_repository.visible_for_region(session, actor, region_ars, kind="intake")
    if not studies:
        return []
    policy = DisclosurePolicy.strictest(studies)
    scope = await release_service.scope_of_many(session, actor, studies)
    released = bool(scope.live_studies or scope.releases)
    counts = dict(await repository.language_demand(session, scope, prefix))
    values = [
        policy.count(counts.get(level, Count(0))) if released else None for level in CEFR_LEVELS
    ]
    if released:
        values = secondary_suppression_of_counts(values)
    return [
        DemandResult(level, value, sign_of(value, released=released))
        for level, value in zip(CEFR_LEVELS, values, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class OfferOutcomeResult:
    study: Study
    definition: IndicatorDefinition
    cell: PublishedCell


async def offer_outcomes(
    session: AsyncSession, actor: Actor, offer_id: str
) -> list[OfferOutcomeResult]:
    """Indicators over the latest interview of each subject who took part in this offer, for
    the studies where the reader's figures count at least the threshold of its participants."""
    outcomes = []
    for study_id in await repository.studies_with_offer(session, offer_id):
        study = await study_repository.get(session, study_id)
        if study is None or not authorization.can_see(actor, study):
            continue
        internal = authorization.can_read_internal_aggregates(actor, study)
        policy = DisclosurePolicy.of(study)
        scope, _release = await release_service.scope_for(session, actor, study)
        released = bool(scope.live_studies or scope.releases)
        participants = await repository.offer_participants(
            session, study_id=study.id, scope=scope, offer_id=offer_id
        )
        if participants < policy.min_cell_count:
            # Listing the study would tell that someone of the offer took part in it.
            continue
        for definition in await study_repository.indicators_of(session, study.id):
            if not (definition.public or internal):
                continue
            numerator, denominator = await repository.offer_outcome_counts(
                session,
                study_id=study.id,
                scope=scope,
                offer_id=offer_id,
                numerator=definition.numerator,
                denominator=definition.denominator,
            )
            outcomes.append(
                OfferOutcomeResult(
                    study, definition, publish(policy, numerator, denominator, released=released)
                )
            )
    return outcomes
