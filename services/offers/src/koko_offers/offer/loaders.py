"""Dataloader of offers by id, limited to what the request's actor may read."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.offer import repository
from koko_offers.offer.models import Offer
from koko_offers.offer.visibility import read_scope
from koko_shared.graphql.loaders import loader


def offer_by_id(context: OffersContext) -> DataLoader[UUID, Offer | None]:
    scope = read_scope(context.actor)

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, Offer]:
        return await repository.get_many(session, ids, scope)

    return loader(context, "offer_by_id", load)
