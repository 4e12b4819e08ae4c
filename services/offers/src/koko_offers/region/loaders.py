"""Dataloaders of regions by ARS and areas by id."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.region import repository
from koko_offers.region.models import Area, Region
from koko_shared.graphql.loaders import loader


def region_by_ars(context: OffersContext) -> DataLoader[str, Region | None]:
    return loader(context, "region_by_ars", repository.get_many)


def areas_of_region(context: OffersContext) -> DataLoader[str, list[Area]]:
    return loader(context, "areas_of_region", repository.areas_of, default=[])


def area_by_id(context: OffersContext) -> DataLoader[UUID, Area | None]:
    return loader(context, "area_by_id", repository.areas_by_id)
