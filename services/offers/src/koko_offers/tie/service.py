"""Rules of writing ties: both ends belong to the same region's network; a provider records the
ties its own actor takes part in, coordinators any tie of their region, and only coordinators
publish. A tie's ends never change (another tie is another record); it ends with `validTo`.
Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.actor import repository as actor_repository
from koko_offers.actor.models import Actor
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns, merged, or_none
from koko_offers.errors import Violations, not_found, permission_denied
from koko_offers.network import checks
from koko_offers.network.visibility import network_view
from koko_offers.tie import repository
from koko_offers.tie.models import MEMBERSHIP_ROLES, TIE_KINDS, Tie
from koko_offers.validation import check_code_list, check_lengths
from koko_offers.working_group import repository as group_repository
from koko_shared.auth.actor import Actor as Caller


@dataclass(frozen=True, slots=True)
class NewTie:
    """A tie to record (its ends are named beside it); `published` only by coordinators."""

    kind: str
    valid_from: date
    membership_role: str | None = None
    note: str | None = None
    published: bool = False
    valid_to: date | None = None

    def values(self) -> dict[str, object]:
        """Column values; an unpublished tie is the default, not a decision to check."""
        values = columns(self)
        if not self.published:
            del values["published"]
        return values


@dataclass(frozen=True, slots=True)
class TieChange:
    """The fields of a tie to change; UNSET ones stay as they are, None clears."""

    membership_role: str | Unset | None = UNSET
    note: str | Unset | None = UNSET
    published: bool | Unset = UNSET
    valid_from: date | Unset = UNSET
    valid_to: date | Unset | None = UNSET


@dataclass(frozen=True, slots=True)
class TieValues:
    """The editable values of a stored tie after a change, for the rules that span fields."""

    membership_role: str | None
    note: str | None
    published: bool
    valid_from: date
    valid_to: date | None


def _check(problems: Violations, tie: NewTie | TieChange) -> None:
    """Checks of the input alone (a change: of the fields it gives)."""
    check_lengths(problems, Tie, columns(tie))
    if isinstance(tie, NewTie):
        check_code_list(problems, "kind", tie.kind, TIE_KINDS)
    if tie.membership_role is not None and tie.membership_role is not UNSET:
        check_code_list(problems, "membershipRole", tie.membership_role, MEMBERSHIP_ROLES)
    checks.check_validity(problems, or_none(tie.valid_from), or_none(tie.valid_to))


def _require_party(caller: Caller, region_ars: str, ends: list[Actor]) -> None:
    """Coordinators of the region, or a provider whose actor is one of the tie's ends."""
    if authorization.is_coordinator(caller, region_ars):
        return
    if any(
        end.provider_id is not None
        and authorization.acts_for_provider(caller, region_ars, end.provider_id)
        for end in ends
    ):
        return
    raise permission_denied()


async def _visible_actor(session: AsyncSession, caller: Caller, actor_id: UUID) -> Actor | None:
    """The actor when the caller sees it (`actor_scope` of its view of the actor's region)."""
    row = await actor_repository.get(session, actor_id)
    if row is None:
        return None
    view = network_view(caller, row.region_ars)
    return await actor_repository.get_visible(session, view, actor_id)


async def create(
    session: AsyncSession,
    caller: Caller,
    *,
    new: NewTie,
    source_id: UUID,
    target_id: UUID | None,
    group_id: UUID | None,
) -> Tie:
    problems = Violations()
    values = new.values()
    _check(problems, new)
    if new.kind == "membership":
        values["membership_role"] = new.membership_role or "member"
        if group_id is None or target_id is not None:
            problems.invalid("workingGroupId", "tie_endpoint")
    else:
        if target_id is None or group_id is not None:
            problems.invalid("targetActorId", "tie_endpoint")
        if new.membership_role is not None:
            problems.invalid("membershipRole", "membership_role")
    if target_id is not None and target_id == source_id:
        problems.invalid("targetActorId", "self_tie")
    problems.raise_if_any()

    # What the caller cannot read, here or in another region, does not exist for it.
    source = await _visible_actor(session, caller, source_id)
    if source is None:
        raise not_found("sourceActorId", "Actor", source_id)
    region_ars = source.region_ars
    ends = [source]
    if target_id is not None:
        target = await _visible_actor(session, caller, target_id)
        if target is None:
            raise not_found("targetActorId", "Actor", target_id)
        if target.region_ars != region_ars:
            problems.invalid("targetActorId", "actor_elsewhere", value=target_id)
        ends.append(target)
    if group_id is not None:
        group = await group_repository.get(session, group_id)
        if group is not None:  # its region decides the caller's view of it
            view = network_view(caller, group.region_ars)
            group = await group_repository.get_visible(session, view, group_id)
        if group is None:
            raise not_found("workingGroupId", "WorkingGroup", group_id)
        if group.region_ars != region_ars:
            problems.invalid("workingGroupId", "group_elsewhere", value=group_id)
        ends = [source]  # a membership is the member's own business
    problems.raise_if_any()
    _require_party(caller, region_ars, ends)
    checks.check_publishing(problems, caller, region_ars, decides_published=new.published)
    problems.raise_if_any()

    tie = Tie(
        region_ars=region_ars,
        source_actor_id=source_id,
        target_actor_id=target_id,
        working_group_id=group_id,
        **values,  # type: ignore[arg-type]
    )
    if await repository.overlapping(session, tie) is not None:
        problems.invalid("validFrom", "duplicate_tie")
        problems.raise_if_any()
    tie = await repository.save(session, tie)
    await change_log.record(
        session,
        caller,
        entity="tie",
        entity_id=tie.id,
        action="created",
        region_ars=region_ars,
        changes=change_log.diff(
            {},
            {
                "source_actor_id": source_id,
                "target_actor_id": target_id,
                "working_group_id": group_id,
                **values,
            },
        ),
        version=tie.version,
    )
    return tie


async def update(
    session: AsyncSession,
    caller: Caller,
    *,
    tie_id: UUID,
    expected_version: int,
    change: TieChange,
) -> Tie:
    problems = Violations()
    values = columns(change)
    _check(problems, change)
    problems.raise_if_any()
    tie = await repository.lock(session, tie_id)
    if tie is None:
        raise not_found("id", "Tie", tie_id)
    ends = await actor_repository.get_many(
        session, [a for a in (tie.source_actor_id, tie.target_actor_id) if a is not None]
    )
    parties = [ends[tie.source_actor_id]] if tie.kind == "membership" else list(ends.values())
    _require_party(caller, tie.region_ars, parties)
    writes.check_version(tie, expected_version)
    after = merged(TieValues, tie, change)
    checks.check_validity(problems, after.valid_from, after.valid_to)
    role = change.membership_role
    if tie.kind == "membership" and role is not UNSET and not role:
        problems.invalid("membershipRole", "required")
    if tie.kind != "membership" and role is not None and role is not UNSET:
        problems.invalid("membershipRole", "membership_role")
    checks.check_publishing(
        problems, caller, tie.region_ars, decides_published=change.published is not UNSET
    )
    problems.raise_if_any()

    changes = writes.apply_changes(tie, values)
    if not changes:
        return tie
    if await repository.overlapping(session, tie, excluding=tie.id) is not None:
        problems.invalid("validFrom", "duplicate_tie")
        problems.raise_if_any()
    tie = await repository.save(session, tie)
    await change_log.record(
        session,
        caller,
        entity="tie",
        entity_id=tie.id,
        action="updated",
        region_ars=tie.region_ars,
        changes=changes,
        version=tie.version,
    )
    return tie
