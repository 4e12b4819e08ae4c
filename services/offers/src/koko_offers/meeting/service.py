"""Rules of writing meetings and follow-ups: coordinators keep the minutes of their region's
groups; participants and owners are actors of the same network; the owner of a follow-up (its
provider) may move its status along. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date
from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.actor import repository as actor_repository
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns, or_none
from koko_offers.errors import Violations, not_found
from koko_offers.meeting import repository
from koko_offers.meeting.models import FOLLOW_UP_STATUSES, FollowUp, Meeting
from koko_offers.network.visibility import NetworkView
from koko_offers.validation import (
    MAX_LIST_ENTRIES,
    camel,
    check_code_list,
    check_lengths,
    check_list_size,
)
from koko_offers.working_group import repository as group_repository
from koko_shared.auth.actor import Actor as Caller
from koko_shared.errors import ErrorCode, PermissionDenied
from koko_shared.pagination import Page, PageRequest

FOLLOW_UP_EDITABLE = ("description", "owner_actor_id", "due_date", "status")
MAX_ITEM_LENGTH = 1000  # one topic or decision


@dataclass(frozen=True, slots=True)
class NewMeeting:
    """A meeting to record (its group is named beside it)."""

    meeting_date: date
    title: str
    participant_actor_ids: list[UUID] = dataclass_field(default_factory=list)
    topics: list[str] = dataclass_field(default_factory=list)
    decisions: list[str] = dataclass_field(default_factory=list)
    minutes: str | None = None


@dataclass(frozen=True, slots=True)
class MeetingChange:
    """The fields of a meeting to change; UNSET ones stay as they are, None clears."""

    meeting_date: date | Unset = UNSET
    title: str | Unset = UNSET
    participant_actor_ids: list[UUID] | Unset = UNSET
    topics: list[str] | Unset = UNSET
    decisions: list[str] | Unset = UNSET
    minutes: str | Unset | None = UNSET


@dataclass(frozen=True, slots=True)
class NewFollowUp:
    """A follow-up agreed in a meeting (the meeting is named beside it)."""

    description: str
    owner_actor_id: UUID
    due_date: date
    status: str = "open"


@dataclass(frozen=True, slots=True)
class FollowUpChange:
    """The fields of a follow-up to change; UNSET ones stay as they are."""

    description: str | Unset = UNSET
    owner_actor_id: UUID | Unset = UNSET
    due_date: date | Unset = UNSET
    status: str | Unset = UNSET


_Meeting = TypeVar("_Meeting", NewMeeting, MeetingChange)


def _each_participant_once(meeting: _Meeting) -> _Meeting:
    if meeting.participant_actor_ids is UNSET:
        return meeting
    return replace(
        meeting, participant_actor_ids=list(dict.fromkeys(meeting.participant_actor_ids))
    )


def _check_meeting(problems: Violations, meeting: NewMeeting | MeetingChange) -> None:
    """Checks of the input alone (a change: of the fields it gives), each participant once."""
    check_lengths(problems, Meeting, columns(meeting))
    for field, items in (
        ("topics", or_none(meeting.topics)),
        ("decisions", or_none(meeting.decisions)),
    ):
        check_list_size(problems, field, items)
        for index, item in enumerate((items or [])[:MAX_LIST_ENTRIES]):
            if len(item) > MAX_ITEM_LENGTH:
                problems.add(
                    ErrorCode.TOO_LONG,
                    "too_long",
                    f"{field}.{index}",
                    limit=MAX_ITEM_LENGTH,
                    length=len(item),
                )
            elif not item.strip():
                problems.invalid(f"{field}.{index}", "required")
    check_list_size(problems, "participantActorIds", or_none(meeting.participant_actor_ids))


async def _check_actors(
    session: AsyncSession, problems: Violations, region_ars: str, field: str, actor_ids: list[UUID]
) -> None:
    found = await actor_repository.get_many(session, actor_ids)
    for actor_id in actor_ids:
        actor = found.get(actor_id)
        if actor is None:
            problems.add(ErrorCode.NOT_FOUND, "not_found", field, what="Actor", value=actor_id)
        elif actor.region_ars != region_ars:
            problems.invalid(field, "actor_elsewhere", value=actor_id)


async def create_meeting(
    session: AsyncSession, caller: Caller, *, group_id: UUID, new: NewMeeting
) -> Meeting:
    new = _each_participant_once(new)
    values = columns(new)
    problems = Violations()
    _check_meeting(problems, new)
    problems.raise_if_any()
    group = await group_repository.get(session, group_id)
    if group is None:
        raise not_found("workingGroupId", "WorkingGroup", group_id)
    authorization.require_coordinator(caller, group.region_ars)
    await _check_actors(
        session,
        problems,
        group.region_ars,
        "participantActorIds",
        new.participant_actor_ids[:MAX_LIST_ENTRIES],
    )
    problems.raise_if_any()
    meeting = await repository.save(
        session, Meeting(working_group_id=group.id, region_ars=group.region_ars, **values)
    )
    await change_log.record(
        session,
        caller,
        entity="meeting",
        entity_id=meeting.id,
        action="created",
        region_ars=meeting.region_ars,
        changes=change_log.diff({}, values),
        version=meeting.version,
    )
    return meeting  # type: ignore[return-value]


async def update_meeting(
    session: AsyncSession,
    caller: Caller,
    *,
    meeting_id: UUID,
    expected_version: int,
    change: MeetingChange,
) -> Meeting:
    change = _each_participant_once(change)
    values = columns(change)
    problems = Violations()
    _check_meeting(problems, change)
    problems.raise_if_any()
    meeting = await repository.lock_meeting(session, meeting_id)
    if meeting is None:
        raise not_found("id", "Meeting", meeting_id)
    authorization.require_coordinator(caller, meeting.region_ars)
    writes.check_version(meeting, expected_version)
    if change.participant_actor_ids is not UNSET:
        await _check_actors(
            session,
            problems,
            meeting.region_ars,
            "participantActorIds",
            change.participant_actor_ids[:MAX_LIST_ENTRIES],
        )
    problems.raise_if_any()
    changes = writes.apply_changes(meeting, values)
    if not changes:
        return meeting
    meeting = await repository.save(session, meeting)  # type: ignore[assignment]
    await change_log.record(
        session,
        caller,
        entity="meeting",
        entity_id=meeting.id,
        action="updated",
        region_ars=meeting.region_ars,
        changes=changes,
        version=meeting.version,
    )
    return meeting


def _check_follow_up(problems: Violations, follow_up: NewFollowUp | FollowUpChange) -> None:
    check_lengths(problems, FollowUp, columns(follow_up))
    if follow_up.status is not UNSET:
        check_code_list(problems, "status", follow_up.status, FOLLOW_UP_STATUSES)


async def create_follow_up(
    session: AsyncSession, caller: Caller, *, meeting_id: UUID, new: NewFollowUp
) -> FollowUp:
    values = columns(new)
    problems = Violations()
    _check_follow_up(problems, new)
    problems.raise_if_any()
    meeting = await repository.get(session, meeting_id)
    if meeting is None:
        raise not_found("meetingId", "Meeting", meeting_id)
    authorization.require_coordinator(caller, meeting.region_ars)
    await _check_actors(session, problems, meeting.region_ars, "ownerActorId", [new.owner_actor_id])
    problems.raise_if_any()
    follow_up = await repository.save(
        session, FollowUp(meeting_id=meeting.id, region_ars=meeting.region_ars, **values)
    )
    await change_log.record(
        session,
        caller,
        entity="follow_up",
        entity_id=follow_up.id,
        action="created",
        region_ars=follow_up.region_ars,
        changes=change_log.diff({}, values),
        version=follow_up.version,
    )
    return follow_up  # type: ignore[return-value]


async def update_follow_up(
    session: AsyncSession,
    caller: Caller,
    *,
    follow_up_id: UUID,
    expected_version: int,
    change: FollowUpChange,
) -> FollowUp:
    values = columns(change)
    problems = Violations()
    _check_follow_up(problems, change)
    problems.raise_if_any()
    follow_up = await repository.lock_follow_up(session, follow_up_id)
    if follow_up is None:
        raise not_found("id", "FollowUp", follow_up_id)
    if not authorization.is_coordinator(caller, follow_up.region_ars):
        owner = await actor_repository.get(session, follow_up.owner_actor_id)
        owns = (
            owner is not None
            and owner.provider_id is not None
            and (authorization.acts_for_provider(caller, follow_up.region_ars, owner.provider_id))
        )
        if not owns:
            authorization.require_coordinator(caller, follow_up.region_ars)
        if set(values) - {"status"}:
            field = camel(sorted(set(values) - {"status"})[0])
            problems.add(ErrorCode.FORBIDDEN, "follow_up_owner_only_status", field)
            problems.raise_if_any()
    writes.check_version(follow_up, expected_version)
    if change.owner_actor_id is not UNSET:
        await _check_actors(
            session, problems, follow_up.region_ars, "ownerActorId", [change.owner_actor_id]
        )
    problems.raise_if_any()
    changes = writes.apply_changes(follow_up, values)
    if not changes:
        return follow_up
    follow_up = await repository.save(session, follow_up)  # type: ignore[assignment]
    await change_log.record(
        session,
        caller,
        entity="follow_up",
        entity_id=follow_up.id,
        action="updated",
        region_ars=follow_up.region_ars,
        changes=changes,
        version=follow_up.version,
    )
    return follow_up


async def follow_ups_page(
    session: AsyncSession,
    view: NetworkView,
    *,
    statuses: Sequence[str],
    due_before: date | None,
    request: PageRequest,
) -> Page[FollowUp]:
    """Follow-ups of the view's region by due date: all for its coordinators, those owned by
    the actors of the caller's providers for a provider; nobody else reads them."""
    if not view.full and not view.own_provider_ids:
        raise PermissionDenied("follow-ups are for the region's coordinators and owners")
    return await repository.page_follow_ups(
        session,
        view,
        statuses=statuses,
        due_before=due_before,
        request=request,
    )
