"""Rules of indicator definitions: defining one with a study (conditions checked), and which
of a study's definitions an actor may read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_surveys import authorization
from koko_surveys.analytics.conditions import validate_condition
from koko_surveys.audit import service as audit
from koko_surveys.study.models import IndicatorDefinition, Study
from koko_surveys.study.service import require_code


async def define_indicator(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    *,
    code: str,
    label: dict[str, str],
    numerator: dict[str, Any],
    denominator: dict[str, Any],
    public: bool = False,
) -> IndicatorDefinition:
    require_code(code)
    authorization.require(
        authorization.can_manage(actor, study.region_ars),
        "only coordinators of the region define indicators",
    )
    validate_condition(numerator, field="numerator")
    validate_condition(denominator, field="denominator")
    definition = IndicatorDefinition(
        study_id=study.id,
        code=code,
        label=label,
        numerator=numerator,
        denominator=denominator,
        public=public,
    )
    session.add(definition)
    await session.flush()
    await audit.record(session, actor, "indicator.defined", study.id, {"code": code})
    return definition


def readable_indicators(
    actor: Actor, study: Study, definitions: Sequence[IndicatorDefinition]
) -> list[IndicatorDefinition]:
    """The study's indicator definitions the actor may read: the public ones, and all of them
    for those who read the study's internal aggregates."""
    if authorization.can_read_internal_aggregates(actor, study):
        return list(definitions)
    return [d for d in definitions if d.public]
