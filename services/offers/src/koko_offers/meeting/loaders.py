"""Dataloader of the follow-ups of meetings, and who may read a group's minutes."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.meeting import repository
from koko_offers.meeting.models import FollowUp
from koko_offers.network.scoped import view_of
from koko_offers.working_group.models import WorkingGroup
from koko_shared.graphql.loaders import loader


def follow_ups_of_meeting(context: OffersContext) -> DataLoader[UUID, list[FollowUp]]:
    """Every follow-up of meetings read through `meeting_scope`: they are part of the minutes."""
    return loader(context, "follow_ups_of_meeting", repository.follow_ups_of, default=[])


async def may_read_minutes(context: OffersContext, group: WorkingGroup) -> bool:
    """Coordinators of the group's region, and providers whose actor is a member today
    (`minutes_scope`)."""
    view = view_of(context, group.region_ars)
    return await repository.reads_minutes(context.session, view, group.id, date.today())
