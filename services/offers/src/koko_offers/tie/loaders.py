"""Dataloaders of ties by id and of the ties of actors and memberships of working groups, all
through `tie_scope` (the caller's view of their region) except the plain `tie_by_id`."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.network.scoped import view_of, visible_by_id
from koko_offers.network.visibility import tie_scope
from koko_offers.tie import repository
from koko_offers.tie.models import Tie
from koko_shared.graphql.loaders import loader


def tie_by_id(context: OffersContext) -> DataLoader[UUID, Tie | None]:
    """Any tie, whatever its visibility: for `visible_tie_by_id`."""
    return loader(context, "tie_by_id", repository.get_many)


def visible_tie_by_id(context: OffersContext) -> DataLoader[UUID, Tie | None]:
    """The ties the caller sees (`tie_scope`), by id, every id of a request in one statement
    of each kind (the `_entities` of many ties); None for others."""
    return visible_by_id(context, "visible_tie_by_id", Tie, tie_scope, tie_by_id)


def ties_of_actor(context: OffersContext, region_ars: str) -> DataLoader[UUID, list[Tie]]:
    """The ties of actors of `region_ars` the caller sees (one loader per region's view)."""
    view = view_of(context, region_ars)

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, list[Tie]]:
        return await repository.of_actors(session, view, ids)

    return loader(context, f"ties_of_actor:{region_ars}", load, default=[])


def memberships_of_group(context: OffersContext, region_ars: str) -> DataLoader[UUID, list[Tie]]:
    """The memberships of groups of `region_ars` the caller sees (one loader per region's
    view)."""
    view = view_of(context, region_ars)

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, list[Tie]]:
        return await repository.of_groups(session, view, ids)

    return loader(context, f"memberships_of_group:{region_ars}", load, default=[])
