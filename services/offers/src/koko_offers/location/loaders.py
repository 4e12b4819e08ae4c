"""Dataloader of locations by id."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.location import repository
from koko_offers.location.models import Location
from koko_shared.graphql.loaders import loader


def location_by_id(context: OffersContext) -> DataLoader[UUID, Location | None]:
    return loader(context, "location_by_id", repository.get_many)
