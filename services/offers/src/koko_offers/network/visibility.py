"""What a caller sees of a region's network, defined once, in SQL. Coordinators of the region
(and admins) see all of it; everybody else sees what the region published (actors, groups and
ties marked published, a tie only when both its ends are visible); a provider also sees its own
actor entry and the ties it takes part in. Meetings and follow-ups are never public: the
region's coordinators read them, and a provider the meetings of the groups its actor is a member
of and the follow-ups its actor owns.

`NetworkView` is the caller's standing in one region. `actor_scope`, `group_scope`,
`tie_scope`, `minutes_scope` (a group's meetings), `minutes_follow_up_scope` (their
follow-ups) and `follow_up_scope` turn it into the one SQL
condition that every list, look-up by id, export and drawing of that noun applies
(each includes the region). Python keeps only `owns_actor`/`sees_contact_person`: which fields
of an actor already read are shown, where there are no rows to filter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from koko_offers.actor.models import Actor as ActorRow
from koko_offers.authorization import acts_for_provider, is_coordinator
from koko_offers.meeting.models import FollowUp
from koko_offers.offer.visibility import read_scope
from koko_offers.tie.models import Tie
from koko_offers.working_group.models import WorkingGroup
from koko_shared.auth.actor import Actor


@dataclass(frozen=True, slots=True)
class NetworkView:
    region_ars: str
    full: bool
    # Providers the caller acts for in this region (their actor entries are visible to it).
    own_provider_ids: frozenset[UUID] = frozenset()

    @property
    def label(self) -> str:
        """For caches and file names: which view a rendering shows."""
        if self.full:
            return "full"
        if self.own_provider_ids:
            return "provider:" + ",".join(sorted(str(p) for p in self.own_provider_ids))
        return "public"

    def owns_actor(self, row: ActorRow) -> bool:
        return row.provider_id is not None and row.provider_id in self.own_provider_ids

    def sees_contact_person(self, row: ActorRow) -> bool:
        """A named contact person and their consent, on an actor already read through
        `actor_scope` (a field of a loaded row, no rows to filter): the region's coordinators
        and the actor itself."""
        return self.full or self.owns_actor(row)


def network_view(actor: Actor, region_ars: str) -> NetworkView:
    if is_coordinator(actor, region_ars):
        return NetworkView(region_ars, full=True)
    own = frozenset(
        provider_id
        for provider_id in read_scope(actor).provider_ids
        if acts_for_provider(actor, region_ars, provider_id)
    )
    return NetworkView(region_ars, full=False, own_provider_ids=own)


def _owned(view: NetworkView, actor: type[ActorRow]) -> ColumnElement[bool]:
    if not view.own_provider_ids:
        return false()
    return col(actor.provider_id).in_(sorted(view.own_provider_ids))


def _actor_visible(view: NetworkView, actor: type[ActorRow]) -> ColumnElement[bool]:
    return and_(
        col(actor.region_ars) == view.region_ars,
        true() if view.full else or_(col(actor.published).is_(True), _owned(view, actor)),
    )


def actor_scope(view: NetworkView) -> ColumnElement[bool]:
    """The actors of the view's region it sees (a condition on `Actor`)."""
    return _actor_visible(view, ActorRow)


def group_scope(view: NetworkView) -> ColumnElement[bool]:
    """The working groups of the view's region it sees (a condition on `WorkingGroup`)."""
    return and_(
        col(WorkingGroup.region_ars) == view.region_ars,
        true() if view.full else col(WorkingGroup.published).is_(True),
    )


def tie_scope(view: NetworkView) -> ColumnElement[bool]:
    """The ties of the view's region it sees (a condition on `Tie`): both ends visible (the
    source actor, and the target actor or the group), and published unless the view is full or
    one of the actors is the caller's own."""
    source, target = aliased(ActorRow), aliased(ActorRow)
    source_visible = (
        select(source.id)
        .where(col(source.id) == col(Tie.source_actor_id), _actor_visible(view, source))
        .exists()
    )
    target_visible = (
        select(target.id)
        .where(col(target.id) == col(Tie.target_actor_id), _actor_visible(view, target))
        .exists()
    )
    group_visible = (
        select(WorkingGroup.id)
        .where(col(WorkingGroup.id) == col(Tie.working_group_id), group_scope(view))
        .exists()
    )
    ends_visible = and_(
        col(Tie.region_ars) == view.region_ars,
        source_visible,
        or_(
            and_(col(Tie.target_actor_id).is_not(None), target_visible),
            and_(col(Tie.target_actor_id).is_(None), group_visible),
        ),
    )
    if view.full:
        return ends_visible
    own = aliased(ActorRow)
    own_end = (
        select(own.id)
        .where(
            or_(
                col(own.id) == col(Tie.source_actor_id),
                col(own.id) == col(Tie.target_actor_id),
            ),
            _owned(view, own),
        )
        .exists()
    )
    return and_(ends_visible, or_(col(Tie.published).is_(True), own_end))


def minutes_scope(view: NetworkView, group_id: UUID, today: date) -> ColumnElement[bool]:
    """Whether the view reads the meetings (minutes and their follow-ups) of the group
    `group_id` of its region: the region's coordinators, and a provider whose actor is a member
    on `today`. Meetings are reached only through their group, so this decides for all of
    them."""
    if view.full:
        return true()
    member = aliased(ActorRow)
    return (
        select(Tie.id)
        .join(member, col(member.id) == col(Tie.source_actor_id))
        .where(
            col(Tie.working_group_id) == group_id,
            col(Tie.valid_from) <= today,
            or_(col(Tie.valid_to).is_(None), col(Tie.valid_to) >= today),
            _owned(view, member),
        )
        .exists()
    )


def minutes_follow_up_scope(view: NetworkView) -> ColumnElement[bool]:
    """The follow-ups of a meeting the view reads (`minutes_scope`) that are shown with its
    minutes (a condition on `FollowUp`): those whose owner it sees, as a meeting's participants
    and a tie's ends (an unpublished actor's task is not shown to a member)."""
    return _follow_ups_whose_owner(view, _actor_visible)


def follow_up_scope(view: NetworkView) -> ColumnElement[bool]:
    """The follow-ups of the view's region it reads (a condition on `FollowUp`): all of them
    for the region's coordinators, those its actor owns for a provider, none for anybody
    else."""
    if view.full:
        return col(FollowUp.region_ars) == view.region_ars
    return _follow_ups_whose_owner(view, _owned)


def _follow_ups_whose_owner(
    view: NetworkView, condition: Callable[[NetworkView, type[ActorRow]], ColumnElement[bool]]
) -> ColumnElement[bool]:
    """The follow-ups of the view's region whose owning actor meets `condition`."""
    owner = aliased(ActorRow)
    meets = (
        select(owner.id)
        .where(col(owner.id) == col(FollowUp.owner_actor_id), condition(view, owner))
        .exists()
    )
    return and_(col(FollowUp.region_ars) == view.region_ars, meets)
