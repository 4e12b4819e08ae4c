"""Dataloaders of actors by id and of the offers their providers run, and the request's view of
each region's network."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_offers.actor import repository
from koko_offers.actor.models import Actor
from koko_offers.graphql.context import OffersContext
from koko_offers.network.visibility import NetworkView, network_view
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.offer.visibility import read_scope
from koko_shared.graphql.loaders import loader


def actor_by_id(context: OffersContext) -> DataLoader[UUID, Actor | None]:
    """Any actor, whatever its visibility: resolvers ask the view before showing one."""
    return loader(context, "actor_by_id", repository.get_many)


def offers_of_provider(context: OffersContext) -> DataLoader[UUID, list[Offer]]:
    scope = read_scope(context.actor)

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, list[Offer]]:
        return await offer_repository.of_providers(session, ids, scope)

    return loader(context, "offers_of_provider", load, default=[])


def view_of(context: OffersContext, region_ars: str) -> NetworkView:
    """The caller's view of a region's network, worked out once per request."""
    key = f"network_view:{region_ars}"
    view: NetworkView | None = context.loaders.get(key)
    if view is None:
        view = context.loaders[key] = network_view(context.actor, region_ars)
    return view
