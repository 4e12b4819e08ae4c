"""Dataloaders of studies and waves, created once per request (no N+1 from lists of studies)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_surveys.graphql.context import SurveysContext
from koko_surveys.study import repository
from koko_surveys.study.models import Cohort, IndicatorDefinition, Study, Wave


def studies_by_id(context: SurveysContext) -> DataLoader[UUID, Study | None]:
    async def load(ids: Sequence[UUID]) -> list[Study | None]:
        async with context.db() as session:
            found = await repository.get_many(session, list(ids))
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def waves_by_study(context: SurveysContext) -> DataLoader[UUID, list[Wave]]:
    async def load(ids: Sequence[UUID]) -> list[list[Wave]]:
        async with context.db() as session:
            grouped = await repository.waves_of(session, list(ids))
        return [grouped.get(i, []) for i in ids]

    return DataLoader(load_fn=load)


def cohorts_by_study(context: SurveysContext) -> DataLoader[UUID, list[Cohort]]:
    async def load(ids: Sequence[UUID]) -> list[list[Cohort]]:
        async with context.db() as session:
            grouped = await repository.cohorts_of_many(session, list(ids))
        return [grouped.get(i, []) for i in ids]

    return DataLoader(load_fn=load)


def indicators_by_study(context: SurveysContext) -> DataLoader[UUID, list[IndicatorDefinition]]:
    async def load(ids: Sequence[UUID]) -> list[list[IndicatorDefinition]]:
        async with context.db() as session:
            grouped = await repository.indicators_of_many(session, list(ids))
        return [grouped.get(i, []) for i in ids]

    return DataLoader(load_fn=load)


def loader(context: SurveysContext, name: str) -> DataLoader:  # type: ignore[type-arg]
    factories = {
        "studies_by_id": studies_by_id,
        "waves_by_study": waves_by_study,
        "cohorts_by_study": cohorts_by_study,
        "indicators_by_study": indicators_by_study,
    }
    if name not in context.loaders:
        context.loaders[name] = factories[name](context)
    return context.loaders[name]
