"""Dataloaders of actors by id (any, or those the caller sees) and of the offers their providers
run."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_offers.actor import repository
from koko_offers.actor.models import Actor
from koko_offers.graphql.context import OffersContext
from koko_offers.network.scoped import visible_by_id
from koko_offers.network.visibility import actor_scope
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.offer.visibility import read_scope
from koko_shared.graphql.loaders import loader


def actor_by_id(context: OffersContext) -> DataLoader[UUID, Actor | None]:
    """Any actor, whatever its visibility: for ends of ties and members already read through
    their scope, and for `visible_actor_by_id`."""
    return loader(context, "actor_by_id", repository.get_many)


def visible_actor_by_id(context: OffersContext) -> DataLoader[UUID, Actor | None]:
    """The actors the caller sees (`actor_scope`), by id; None for others."""
    return visible_by_id(context, "visible_actor_by_id", Actor, actor_scope, actor_by_id)


def offers_of_provider(context: OffersContext) -> DataLoader[UUID, list[Offer]]:
    scope = read_scope(context.actor)

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, list[Offer]]:
        return await offer_repository.of_providers(session, ids, scope)

    return loader(context, "offers_of_provider", load, default=[])
