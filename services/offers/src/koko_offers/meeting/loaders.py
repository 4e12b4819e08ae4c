"""Dataloader of the follow-ups of meetings, and who may read a group's minutes."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.actor.loaders import actor_by_id, view_of
from koko_offers.graphql.context import OffersContext
from koko_offers.meeting import repository
from koko_offers.meeting.models import FollowUp
from koko_offers.tie.loaders import memberships_of_group
from koko_offers.working_group.models import WorkingGroup
from koko_shared.graphql.loaders import loader


def follow_ups_of_meeting(context: OffersContext) -> DataLoader[UUID, list[FollowUp]]:
    return loader(context, "follow_ups_of_meeting", repository.follow_ups_of, default=[])


async def may_read_minutes(context: OffersContext, group: WorkingGroup) -> bool:
    """Coordinators of the group's region, and providers whose actor is a member today."""
    view = view_of(context, group.region_ars)
    if view.full:
        return True
    if not view.own_provider_ids:
        return False
    today = date.today()
    for tie in await memberships_of_group(context).load(group.id):
        if tie.valid_from <= today and (tie.valid_to is None or tie.valid_to >= today):
            member = await actor_by_id(context).load(tie.source_actor_id)
            if member is not None and view.owns_actor(member):
                return True
    return False
