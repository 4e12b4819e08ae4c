"""Dataloader of working groups by id."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.working_group import repository
from koko_offers.working_group.models import WorkingGroup
from koko_shared.graphql.loaders import loader


def group_by_id(context: OffersContext) -> DataLoader[UUID, WorkingGroup | None]:
    """Any group, whatever its visibility: resolvers ask the view before showing one."""
    return loader(context, "group_by_id", repository.get_many)
