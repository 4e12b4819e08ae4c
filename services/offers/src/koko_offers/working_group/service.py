"""Rules of writing working groups and round tables: coordinators curate them for their region;
a group's parent and convenor belong to the same network, and groups never nest in a circle.
Never commits."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.actor import repository as actor_repository
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns, merged, or_none
from koko_offers.errors import Violations, not_found
from koko_offers.network import checks
from koko_offers.region import repository as region_repository
from koko_offers.validation import check_ars, check_code_list, check_lengths
from koko_offers.working_group import repository
from koko_offers.working_group.models import GROUP_KINDS, WorkingGroup
from koko_shared.auth.actor import Actor as Caller


@dataclass(frozen=True, slots=True)
class NewWorkingGroup:
    """A working group, round table, steering group or network to create in a region."""

    kind: str
    name: str
    purpose: str | None = None
    fields_of_action: list[str] = field(default_factory=list)
    parent_group_id: UUID | None = None
    convenor_actor_id: UUID | None = None
    published: bool = False
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class WorkingGroupChange:
    """The fields of a group to change; UNSET ones stay as they are, None clears."""

    kind: str | Unset = UNSET
    name: str | Unset = UNSET
    purpose: str | Unset | None = UNSET
    fields_of_action: list[str] | Unset = UNSET
    parent_group_id: UUID | Unset | None = UNSET
    convenor_actor_id: UUID | Unset | None = UNSET
    published: bool | Unset = UNSET
    valid_from: date | Unset | None = UNSET
    valid_to: date | Unset | None = UNSET


@dataclass(frozen=True, slots=True)
class WorkingGroupValues:
    """The editable values of a stored group after a change, for the rules that span fields."""

    kind: str
    name: str
    purpose: str | None
    fields_of_action: list[str]
    parent_group_id: UUID | None
    convenor_actor_id: UUID | None
    published: bool
    valid_from: date | None
    valid_to: date | None


_Group = TypeVar("_Group", NewWorkingGroup, WorkingGroupChange)


def _each_once(group: _Group) -> _Group:
    """The input with each field of action once."""
    if group.fields_of_action is UNSET:
        return group
    return replace(group, fields_of_action=checks.dedupe(group.fields_of_action))


def _check(problems: Violations, group: NewWorkingGroup | WorkingGroupChange) -> None:
    """Checks of the input alone (a change: of the fields it gives)."""
    check_lengths(problems, WorkingGroup, columns(group))
    if group.kind is not UNSET:
        check_code_list(problems, "kind", group.kind, GROUP_KINDS)
    checks.check_validity(problems, or_none(group.valid_from), or_none(group.valid_to))


async def _check_references(
    session: AsyncSession,
    problems: Violations,
    region_ars: str,
    group: NewWorkingGroup | WorkingGroupChange,
    group_id: UUID | None,
) -> None:
    fields_of_action = or_none(group.fields_of_action)
    await checks.check_fields_of_action(
        session,
        problems,
        "fieldsOfAction",
        checks.dedupe(fields_of_action) if fields_of_action is not None else None,
    )
    parent_id = or_none(group.parent_group_id)
    if parent_id is not None:
        parent = await repository.get(session, parent_id)
        if parent is None:
            raise not_found("parentGroupId", "WorkingGroup", parent_id)
        if parent.region_ars != region_ars:
            problems.invalid("parentGroupId", "group_elsewhere", value=parent_id)
        elif group_id is not None and group_id in await repository.parent_chain(session, parent_id):
            problems.invalid("parentGroupId", "group_cycle")
    convenor_id = or_none(group.convenor_actor_id)
    if convenor_id is not None:
        convenor = await actor_repository.get(session, convenor_id)
        if convenor is None:
            raise not_found("convenorActorId", "Actor", convenor_id)
        if convenor.region_ars != region_ars:
            problems.invalid("convenorActorId", "actor_elsewhere", value=convenor_id)


async def create(
    session: AsyncSession, caller: Caller, *, region_ars: str, new: NewWorkingGroup
) -> WorkingGroup:
    new = _each_once(new)
    values = columns(new)
    problems = Violations()
    check_ars(problems, "regionArs", region_ars)
    _check(problems, new)
    problems.raise_if_any()
    authorization.require_coordinator(caller, region_ars)
    if await region_repository.get(session, region_ars) is None:
        raise not_found("regionArs", "Region", region_ars)
    await _check_references(session, problems, region_ars, new, None)
    problems.raise_if_any()

    group = await repository.save(session, WorkingGroup(region_ars=region_ars, **values))
    await change_log.record(
        session,
        caller,
        entity="working_group",
        entity_id=group.id,
        action="created",
        region_ars=region_ars,
        changes=change_log.diff({}, {"region_ars": region_ars, **values}),
        version=group.version,
    )
    return group


async def update(
    session: AsyncSession,
    caller: Caller,
    *,
    group_id: UUID,
    expected_version: int,
    change: WorkingGroupChange,
) -> WorkingGroup:
    change = _each_once(change)
    values = columns(change)
    problems = Violations()
    _check(problems, change)
    problems.raise_if_any()
    group = await repository.lock(session, group_id)
    if group is None:
        raise not_found("id", "WorkingGroup", group_id)
    authorization.require_coordinator(caller, group.region_ars)
    writes.check_version(group, expected_version)
    after = merged(WorkingGroupValues, group, change)
    checks.check_validity(problems, after.valid_from, after.valid_to)
    await _check_references(session, problems, group.region_ars, change, group.id)
    problems.raise_if_any()

    changes = writes.apply_changes(group, values)
    if not changes:
        return group
    group = await repository.save(session, group)
    await change_log.record(
        session,
        caller,
        entity="working_group",
        entity_id=group.id,
        action="updated",
        region_ars=group.region_ars,
        changes=changes,
        version=group.version,
    )
    return group
