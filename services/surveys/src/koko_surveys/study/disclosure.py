"""The disclosure parameters of a study: floors no one goes below, changes by admins only,
each change audited and listed in the study's metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor, Role
from koko_shared.errors import ErrorCode, InvalidInput
from koko_surveys import authorization
from koko_surveys.audit import repository as audit_repository
from koko_surveys.audit import service as audit
from koko_surveys.study.models import Study

# Floors (issue 13): no study goes below them, whoever asks.
FLOORS = {
    "min_cell_count": 3,
    "min_rate_denominator": 10,
    "k_anonymity": 5,
    # A revision of a released wave must change every cell it changes by at least this many
    # people (README, "What an attacker can and cannot learn").
    "release_min_submissions": 10,
}
CHANGED = "study.disclosure_changed"


class BelowFloor(InvalidInput):
    code = ErrorCode.BELOW_FLOOR


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def check_floors(**values: int) -> None:
    for name, value in values.items():
        if value < FLOORS[name]:
            raise BelowFloor(
                "{setting} must be at least {floor}",
                field=camel(name),
                params={"setting": camel(name), "floor": FLOORS[name]},
            )


async def update(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    *,
    numbers: dict[str, int | None],
    reviewed_free_text: list[str] | None,
    text_questions: set[str],
    non_identifying_questions: list[str] | None = None,
    answerable_questions: set[str] | frozenset[str] = frozenset(),
) -> Study:
    """Change some parameters (None leaves one as it is). Admins only, never below the floors.
    Questions marked non-identifying leave exports outside k; free text never counts as such
    (it leaves only when reviewed and asked for)."""
    authorization.require(
        actor.has_role(Role.ADMIN, study.region_ars),
        "only admins change the disclosure parameters of a study",
    )
    wanted = {name: value for name, value in numbers.items() if value is not None}
    check_floors(**wanted)
    if reviewed_free_text is not None:
        unknown = sorted(set(reviewed_free_text) - text_questions)
        if unknown:
            raise InvalidInput(
                "not free-text questions of this study: {questions}",
                field="reviewedFreeText",
                params={"questions": ", ".join(unknown)},
            )
    if non_identifying_questions is not None:
        unknown = sorted(set(non_identifying_questions) - (answerable_questions - text_questions))
        if unknown:
            raise InvalidInput(
                "not questions of this study that take a non-text answer: {questions}",
                field="nonIdentifyingQuestions",
                params={"questions": ", ".join(unknown)},
            )
    changes: list[dict[str, Any]] = []
    for name, value in wanted.items():
        if getattr(study, name) != value:
            changes.append(
                {"parameter": camel(name), "before": getattr(study, name), "after": value}
            )
            setattr(study, name, value)
    lists = {
        "reviewed_free_text": reviewed_free_text,
        "non_identifying_questions": non_identifying_questions,
    }
    for name, wanted_list in lists.items():
        after = sorted(set(wanted_list)) if wanted_list is not None else None
        if after is not None and after != sorted(getattr(study, name)):
            changes.append(
                {"parameter": camel(name), "before": sorted(getattr(study, name)), "after": after}
            )
            setattr(study, name, after)
    if changes:
        await session.flush()
        await audit.record(session, actor, CHANGED, study.id, {"changes": changes})
    return study


@dataclass(frozen=True, slots=True)
class DisclosureChange:
    changed_at: datetime | None
    changes: list[dict[str, Any]]


async def history(session: AsyncSession, study: Study) -> list[DisclosureChange]:
    entries = await audit_repository.entries_of_action(session, study.id, CHANGED)
    return [DisclosureChange(e.occurred_at, list(e.detail.get("changes", []))) for e in entries]
