"""Dataloader of the follow-ups of meetings, and who may read a group's minutes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.meeting import repository
from koko_offers.meeting.models import FollowUp
from koko_offers.network.scoped import view_of
from koko_offers.working_group.models import WorkingGroup
from koko_shared.graphql.loaders import loader


def follow_ups_of_meeting(
    context: OffersContext, region_ars: str
) -> DataLoader[UUID, list[FollowUp]]:
    """The follow-ups of meetings of `region_ars` read through `minutes_scope` that the caller
    sees with the minutes (`minutes_follow_up_scope`; one loader per region's view)."""
    view = view_of(context, region_ars)

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, list[FollowUp]]:
        return await repository.follow_ups_of(session, view, ids)

    return loader(context, f"follow_ups_of_meeting:{region_ars}", load, default=[])


async def may_read_minutes(context: OffersContext, group: WorkingGroup) -> bool:
    """Coordinators of the group's region, and providers whose actor is a member today
    (`minutes_scope`)."""
    view = view_of(context, group.region_ars)
    return await repository.reads_minutes(context.session, view, group.id, date.today())
