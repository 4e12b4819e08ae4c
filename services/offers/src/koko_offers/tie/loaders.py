"""Dataloaders of the ties of actors and of the memberships of working groups, and the check
which of them the caller may see."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.actor.loaders import actor_by_id, view_of
from koko_offers.graphql.context import OffersContext
from koko_offers.tie import repository
from koko_offers.tie.models import Tie
from koko_offers.working_group.loaders import group_by_id
from koko_shared.graphql.loaders import loader


def tie_by_id(context: OffersContext) -> DataLoader[UUID, Tie | None]:
    """Ties by id, every id of a request in one statement (the `_entities` of many ties)."""
    return loader(context, "tie_by_id", repository.get_many)


def ties_of_actor(context: OffersContext) -> DataLoader[UUID, list[Tie]]:
    return loader(context, "ties_of_actor", repository.of_actors, default=[])


def memberships_of_group(context: OffersContext) -> DataLoader[UUID, list[Tie]]:
    return loader(context, "memberships_of_group", repository.of_groups, default=[])


async def visible_ties(context: OffersContext, ties: list[Tie]) -> list[Tie]:
    """The ties among `ties` the caller may see (both ends visible, published or its own)."""
    actor_ids = list({a for t in ties for a in (t.source_actor_id, t.target_actor_id) if a})
    group_ids = list({t.working_group_id for t in ties if t.working_group_id})
    actors = {
        row.id: row for row in await actor_by_id(context).load_many(actor_ids) if row is not None
    }
    groups = {
        row.id: row for row in await group_by_id(context).load_many(group_ids) if row is not None
    }
    return [t for t in ties if view_of(context, t.region_ars).sees_tie(t, actors, groups)]


async def visible_tie_ids(
    context: OffersContext, region_ars: str, on: date | None
) -> list[UUID] | None:
    """Ids of the region's ties (in force on `on`) the caller may see; None: all of them (the
    region's coordinators)."""
    if view_of(context, region_ars).full:
        return None
    rows = await repository.of_region(context.session, region_ars, on=on)
    return [t.id for t in await visible_ties(context, rows)]
