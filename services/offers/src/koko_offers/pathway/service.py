"""Rules of writing pathways (Prozessketten): coordinators curate them for their region, with
ordered steps that point to categories or concrete offers. Never commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns
from koko_offers.errors import Violations, not_found
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import OFFER_STATUSES
from koko_offers.offer.visibility import read_scope
from koko_offers.pathway import repository
from koko_offers.pathway.models import Pathway, PathwayStep
from koko_offers.region import repository as region_repository
from koko_offers.taxonomy import repository as taxonomy_repository
from koko_offers.translation import repository as translation_repository
from koko_offers.translation import service as translation_service
from koko_offers.validation import (
    MAX_LIST_ENTRIES,
    check_ars,
    check_code_list,
    check_lengths,
    check_list_size,
)
from koko_shared.auth.actor import Actor, ars_covers
from koko_shared.errors import ErrorCode

STEP_FIELDS = ("title", "note", "conditions")


@dataclass(frozen=True, slots=True)
class StepDraft:
    """One step as the client sends it; `id` names an existing step to keep (and its
    translations), None a new one."""

    title: str
    id: UUID | None = None
    note: str | None = None
    conditions: str | None = None
    category_codes: list[str] = field(default_factory=list)
    offer_ids: list[UUID] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NewPathway:
    """A pathway to create with its steps in order (its region is named beside it)."""

    title: str
    goal: str
    description: str = ""
    status: str = "draft"
    steps: list[StepDraft] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PathwayChange:
    """The fields of a pathway to change; UNSET ones stay as they are. `steps`, when given,
    replace all steps in the given order."""

    title: str | Unset = UNSET
    description: str | Unset = UNSET
    goal: str | Unset = UNSET
    status: str | Unset = UNSET
    steps: list[StepDraft] | Unset = UNSET


def _values(pathway: NewPathway | PathwayChange) -> dict[str, Any]:
    """Column values of the pathway row (its steps are rows of their own)."""
    values = columns(pathway)
    values.pop("steps", None)
    return values


def _check(
    problems: Violations, pathway: NewPathway | PathwayChange, steps: list[StepDraft] | None
) -> None:
    check_lengths(problems, Pathway, _values(pathway))
    if pathway.status is not UNSET:
        check_code_list(problems, "status", pathway.status, OFFER_STATUSES)
    if steps is None:
        return
    check_list_size(problems, "steps", steps)
    seen: set[UUID] = set()
    for index, step in enumerate(steps[:MAX_LIST_ENTRIES]):
        prefix = f"steps.{index}."
        check_lengths(
            problems,
            PathwayStep,
            {"title": step.title, "note": step.note, "conditions": step.conditions},
            prefix=prefix,
        )
        check_list_size(problems, prefix + "categoryCodes", step.category_codes)
        check_list_size(problems, prefix + "offerIds", step.offer_ids)
        if step.id is not None:
            if step.id in seen:
                problems.invalid(prefix + "id", "duplicate_step", value=step.id)
            seen.add(step.id)


async def _check_references(
    session: AsyncSession,
    actor: Actor,
    region_ars: str,
    steps: list[StepDraft],
    existing: set[UUID],
) -> None:
    """Categories and offers exist (offers the actor can read, in the pathway's region: a draft
    it cannot read is not found); kept steps belong to it."""
    problems = Violations()
    codes = {code for step in steps for code in step.category_codes}
    known_codes = await taxonomy_repository.get_many(session, sorted(codes)) if codes else {}
    offer_ids = {offer_id for step in steps for offer_id in step.offer_ids}
    offers = await offer_repository.get_many(session, sorted(offer_ids), read_scope(actor))
    for index, step in enumerate(steps):
        prefix = f"steps.{index}."
        if step.id is not None and step.id not in existing:
            problems.invalid(prefix + "id", "step_not_in_pathway", value=step.id)
        for code in step.category_codes:
            if code not in known_codes:
                problems.invalid(prefix + "categoryCodes", "unknown_category", value=code[:60])
        for offer_id in step.offer_ids:
            offer = offers.get(offer_id)
            if offer is None:
                problems.add(
                    ErrorCode.NOT_FOUND,
                    "not_found",
                    prefix + "offerIds",
                    what="Offer",
                    value=offer_id,
                )
            elif not ars_covers(region_ars, offer.region_ars):
                problems.invalid(prefix + "offerIds", "offer_elsewhere", value=offer_id)
    problems.raise_if_any()


def _summary(steps: list[PathwayStep]) -> list[dict[str, Any]]:
    """Steps as JSON for the change log."""
    return [
        {
            "id": str(step.id),
            "title": step.title,
            "note": step.note,
            "conditions": step.conditions,
            "category_codes": list(step.category_codes),
            "offer_ids": [str(o) for o in step.offer_ids],
        }
        for step in steps
    ]


def _rows(steps: list[StepDraft]) -> list[PathwayStep]:
    return [
        PathwayStep(
            id=step.id or uuid4(),
            pathway_id=uuid4(),  # replaced by the repository
            position=0,
            title=step.title,
            note=step.note,
            conditions=step.conditions,
            category_codes=list(dict.fromkeys(step.category_codes)),
            offer_ids=list(dict.fromkeys(step.offer_ids)),
        )
        for step in steps
    ]


async def create(
    session: AsyncSession,
    actor: Actor,
    *,
    region_ars: str,
    new: NewPathway,
) -> tuple[Pathway, list[PathwayStep]]:
    values, steps = _values(new), new.steps
    problems = Violations()
    check_ars(problems, "regionArs", region_ars)
    _check(problems, new, steps)
    problems.raise_if_any()
    authorization.require_coordinator(actor, region_ars)
    if await region_repository.get(session, region_ars) is None:
        raise not_found("regionArs", "Region", region_ars)
    await _check_references(session, actor, region_ars, steps, set())

    pathway = await repository.save(session, Pathway(region_ars=region_ars, **values))
    stored_steps = await repository.replace_steps(session, pathway.id, _rows(steps), set())
    await change_log.record(
        session,
        actor,
        entity="pathway",
        entity_id=pathway.id,
        action="created",
        region_ars=region_ars,
        changes={
            **change_log.diff({}, {"region_ars": region_ars, **values}),
            "steps": [[], _summary(stored_steps)],
        },
        version=pathway.version,
    )
    return pathway, stored_steps


async def update(
    session: AsyncSession,
    actor: Actor,
    *,
    pathway_id: UUID,
    expected_version: int,
    change: PathwayChange,
    major_edit: bool = True,
) -> tuple[Pathway, list[PathwayStep]]:
    """Edit a pathway; `steps`, when given, replace the steps in the given order."""
    values, steps = _values(change), None if change.steps is UNSET else change.steps
    problems = Violations()
    _check(problems, change, steps)
    problems.raise_if_any()
    pathway = await repository.lock(session, pathway_id)
    if pathway is None:
        raise not_found("id", "Pathway", pathway_id)
    authorization.require_coordinator(actor, pathway.region_ars)
    writes.check_version(pathway, expected_version)
    before_steps = await repository.steps_of(session, pathway.id)
    before_summary = _summary(before_steps)
    existing = {step.id for step in before_steps}
    if steps is not None:
        await _check_references(session, actor, pathway.region_ars, steps, existing)

    changes = writes.apply_changes(pathway, values)
    stored_steps = before_steps
    if steps is not None:
        stored_steps = await repository.replace_steps(session, pathway.id, _rows(steps), existing)
        after_summary = _summary(stored_steps)
        if after_summary != before_summary:
            changes["steps"] = [before_summary, after_summary]
            if len(changes) == 1:  # only the steps changed
                writes.bump(pathway)
            await _outdate_steps(session, before_summary, stored_steps, major_edit=major_edit)
    if not changes:
        return pathway, stored_steps
    pathway = await repository.save(session, pathway)
    await writes.record_update(session, actor, "pathway", pathway, changes, major_edit=major_edit)
    return pathway, stored_steps


async def _outdate_steps(
    session: AsyncSession,
    before: list[dict[str, Any]],
    after: list[PathwayStep],
    *,
    major_edit: bool,
) -> None:
    """Translations of removed steps go; those of kept steps whose German text changed become
    outdated in a major edit. `before` is the change log summary of the steps before the edit
    (the step rows themselves now hold the new values)."""
    after_by_id = {str(step.id): step for step in after}
    removed = [UUID(old["id"]) for old in before if old["id"] not in after_by_id]
    await translation_repository.delete_for_entities(session, "pathway_step", removed)
    for old in before:
        new = after_by_id.get(old["id"])
        if new is None:
            continue
        changed = [name for name in STEP_FIELDS if old[name] != getattr(new, name)]
        await translation_service.outdate(
            session, "pathway_step", new.id, changed, major_edit=major_edit
        )
