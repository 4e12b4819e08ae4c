"""Rules of table plans: coordinators of the study's region define a new version (audited); it
applies to the waves whose field has not opened yet (and to waves that had no plan), never to a
wave already in the field under an earlier plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.instrument import repository as instrument_repository
from koko_surveys.plan import repository
from koko_surveys.plan.categories import (
    validate_breakdowns,
    validate_code_lists,
    validate_indicators,
)
from koko_surveys.plan.models import TablePlan
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import Study


async def questions_of(session: AsyncSession, study: Study) -> dict[str, dict[str, Any]]:
    """The study's questions by name (the latest instrument version's spec wins)."""
    questions: dict[str, dict[str, Any]] = {}
    for version, _instrument in await instrument_repository.versions_of_study(session, study.id):
        for spec in version.questions:
            if spec.get("name"):
                questions[spec["name"]] = spec
    return questions


@dataclass(frozen=True, slots=True)
class NewTablePlan:
    """A table plan as the client sends it. `indicators` and `code_lists` are JSON the service
    checks against the study's questions (plan/categories.py); `breakdowns` are dimension
    values (`area`, `cohort`, ...)."""

    indicators: object
    breakdowns: list[list[str]]
    code_lists: object = None


async def define(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    new: NewTablePlan,
    *,
    today: date | None = None,
) -> tuple[TablePlan, list[str]]:
    """Store a new plan version; returns it with the codes of the waves that now publish it."""
    authorization.require(
        authorization.can_manage(actor, study.region_ars),
        "only coordinators of the study's region define its table plan",
    )
    checked_indicators = validate_indicators(new.indicators, await questions_of(session, study))
    checked_breakdowns = validate_breakdowns(new.breakdowns)
    lists = validate_code_lists(new.code_lists, checked_breakdowns)
    lists["cohort"] = [c.code for c in await study_repository.cohorts_of(session, study.id)]
    plan = TablePlan(
        study_id=study.id,
        version=await repository.latest_version(session, study.id) + 1,
        indicators=checked_indicators,
        breakdowns=checked_breakdowns,
        code_lists=lists,
        defined_by=actor.subject,
    )
    session.add(plan)
    await session.flush()
    waves = await repository.pin(session, study.id, plan.version, today or datetime.now(UTC).date())
    await audit.record(
        session,
        actor,
        "table_plan.defined",
        study.id,
        {
            "version": plan.version,
            "indicators": [i["code"] for i in checked_indicators],
            "breakdowns": checked_breakdowns,
            "waves": waves,
        },
    )
    return plan, waves
