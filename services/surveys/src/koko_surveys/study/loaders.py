"""Dataloaders of studies and their cohorts, created once per request (no N+1 from
lists of studies)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_shared.graphql.loaders import loader
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.study import repository
from koko_surveys.study.models import Cohort, Study


def visible_studies_by_id(context: SurveysContext) -> DataLoader[UUID, Study | None]:
    """Studies by id as the request's actor may see them (None: unknown or not visible)."""
    actor = context.actor

    async def visible(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, Study]:
        return await repository.visible_by_id(session, actor, ids)

    return loader(context, "visible_studies_by_id", visible)


def cohorts_by_study(context: SurveysContext) -> DataLoader[UUID, list[Cohort]]:
    return loader(context, "cohorts_by_study", repository.cohorts_of_many, default=[])
