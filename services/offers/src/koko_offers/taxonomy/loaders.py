"""Dataloader of categories by code."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.taxonomy import repository
from koko_offers.taxonomy.models import Category
from koko_shared.graphql.loaders import loader


def category_by_code(context: OffersContext) -> DataLoader[str, Category | None]:
    return loader(context, "category_by_code", repository.get_many)
