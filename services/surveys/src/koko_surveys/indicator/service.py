"""Rules of indicator definitions: defining one with a study (conditions checked), and which
of a study's definitions an actor may read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_surveys import authorization
from koko_surveys.analytics.conditions import validate_condition
from koko_surveys.audit import service as audit
from koko_surveys.indicator.models import IndicatorDefinition
from koko_surveys.study.models import Study
from koko_surveys.study.service import require_code

# A condition on answers as stored with the study: a JSON document of the forms in
# analytics/conditions.py, checked by `validate_condition`.
Condition: TypeAlias = dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewIndicator:
    """An indicator of a study: the rate of submissions meeting `numerator` among those meeting
    `denominator`; `public` shows it to everybody who may see the study's aggregates."""

    code: str
    label: dict[str, str]
    numerator: Condition
    denominator: Condition
    public: bool = False


async def define_indicator(
    session: AsyncSession, actor: Actor, study: Study, new: NewIndicator
) -> IndicatorDefinition:
    require_code(new.code)
    authorization.require(
        authorization.can_manage(actor, study.region_ars),
        "only coordinators of the region define indicators",
    )
    validate_condition(new.numerator, field="numerator")
    validate_condition(new.denominator, field="denominator")
    definition = IndicatorDefinition(
        study_id=study.id,
        code=new.code,
        label=new.label,
        numerator=new.numerator,
        denominator=new.denominator,
        public=new.public,
    )
    session.add(definition)
    await session.flush()
    await audit.record(session, actor, "indicator.defined", study.id, {"code": new.code})
    return definition


def readable_indicators(
    actor: Actor, study: Study, definitions: Sequence[IndicatorDefinition]
) -> list[IndicatorDefinition]:
    """The study's indicator definitions the actor may read: the public ones, and all of them
    for those who read the study's internal aggregates."""
    if authorization.can_read_internal_aggregates(actor, study):
        return list(definitions)
    return [d for d in definitions if d.public]
