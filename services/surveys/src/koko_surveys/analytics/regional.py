"""Aggregates published on entities of the offers subgraph (`Region` demand and the
language-course gap, `Offer` outcomes). Readers without the analyst role get demand from the
values stored by the latest released wave of each intake study run in the region (or inside
it); offer outcomes, which are conditions on answers outside any table plan, are for analysts
of the region only (live)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor, ars_prefix
from koko_surveys import authorization
from koko_surveys.analytics import published, repository
from koko_surveys.analytics.disclosure import Count, DisclosurePolicy, Sign
from koko_surveys.analytics.repository import Scope
from koko_surveys.analytics.tables import (
    PublishedCell,
    publish,
    secondary_suppression_of_counts,
    sign_of,
)
from koko_surveys.indicator import repository as indicator_repository
from koko_surveys.indicator.models import IndicatorDefinition
from koko_surveys.release import service as release_service
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import Study

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass(frozen=True, slots=True)
class DemandResult:
    level: str
    newcomers: int | None
    sign: Sign


async def language_demand(
    session: AsyncSession, actor: Actor, region_ars: str
) -> list[DemandResult]:
    """Newcomers still needing a language course per CEFR level: every level, always. Studies
    whose analysts the reader is count live; the others count what their releases stored."""
    prefix = ars_prefix(region_ars)
    studies = await study_repository.visible_for_region(session, actor, region_ars, kind="intake")
    live = [s for s in studies if release_service.reads_live(actor, s)]
    stored_studies = [
        s for s in studies if s not in live and ars_prefix(s.region_ars).startswith(prefix)
    ]
    if not live and not stored_studies:
        return []
    parts: list[list[int | None]] = []
    if stored_studies:
        totals = await published.language_demand(session, stored_studies, CEFR_LEVELS)
        if totals is not None:
            parts.append([totals[level] for level in CEFR_LEVELS])
    if live:
        policy = DisclosurePolicy.strictest(live)
        scope = Scope(live_studies=tuple(s.id for s in live))
        counts = dict(await repository.language_demand(session, scope, prefix))
        parts.append(
            secondary_suppression_of_counts(
                [policy.count(counts.get(level, Count(0))) for level in CEFR_LEVELS]
            )
        )
    if not parts:
        return [DemandResult(level, None, Sign.NOTHING) for level in CEFR_LEVELS]
    results = []
    for index, level in enumerate(CEFR_LEVELS):
        values = [part[index] for part in parts]
        total = None if any(v is None for v in values) else sum(v or 0 for v in values)
        results.append(DemandResult(level, total, sign_of(total)))
    return results


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
    # The read scope in SQL: studies the reader may not see are never loaded.
    ids = await repository.studies_with_offer(session, offer_id)
    visible = await study_repository.visible_by_id(session, actor, ids)
    for study in (visible[i] for i in ids if i in visible):
        if not release_service.reads_live(actor, study):
            # Conditions on answers outside the table plan: never published (issue 16).
            continue
        internal = authorization.can_read_internal_aggregates(actor, study)
        policy = DisclosurePolicy.of(study)
        scope, released = Scope(live_studies=(study.id,)), True
        participants = await repository.offer_participants(
            session, study_id=study.id, scope=scope, offer_id=offer_id
        )
        if participants < policy.min_cell_count:
            # Listing the study would tell that someone of the offer took part in it.
            continue
        for definition in await indicator_repository.indicators_of(session, study.id):
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
