"""Dataloader of course types by id."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_offers.course_type import repository
from koko_offers.course_type.models import CourseType
from koko_offers.graphql.context import OffersContext
from koko_shared.graphql.loaders import loader


def course_type_by_id(context: OffersContext) -> DataLoader[UUID, CourseType | None]:
    return loader(context, "course_type_by_id", repository.get_many)
