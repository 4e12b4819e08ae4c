"""Dataloaders of working groups by id (any, or those the caller sees)."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.network.scoped import visible_by_id
from koko_offers.network.visibility import group_scope
from koko_offers.working_group import repository
from koko_offers.working_group.models import WorkingGroup
from koko_shared.graphql.loaders import loader


def group_by_id(context: OffersContext) -> DataLoader[UUID, WorkingGroup | None]:
    """Any group, whatever its visibility: for the group of a tie already read through its
    scope, and for `visible_group_by_id`."""
    return loader(context, "group_by_id", repository.get_many)


def visible_group_by_id(context: OffersContext) -> DataLoader[UUID, WorkingGroup | None]:
    """The groups the caller sees (`group_scope`), by id; None for others."""
    return visible_by_id(context, "visible_group_by_id", WorkingGroup, group_scope, group_by_id)
