"""Dataloader of providers by id."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.provider import repository
from koko_offers.provider.models import Provider
from koko_shared.graphql.loaders import loader


def provider_by_id(context: OffersContext) -> DataLoader[UUID, Provider | None]:
    return loader(context, "provider_by_id", repository.get_many)
