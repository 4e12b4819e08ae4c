"""Dataloader of the steps of pathways."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.pathway import repository
from koko_offers.pathway.models import PathwayStep
from koko_shared.graphql.loaders import loader


def steps_of_pathway(context: OffersContext) -> DataLoader[UUID, list[PathwayStep]]:
    return loader(context, "steps_of_pathway", repository.steps_of_many, default=[])
