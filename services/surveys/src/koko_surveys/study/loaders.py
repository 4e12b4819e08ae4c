"""Dataloaders of studies and waves, created once per request (no N+1 from lists of studies)."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_shared.graphql.loaders import loader
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.study import repository
from koko_surveys.study.models import Cohort, IndicatorDefinition, Study, Wave


def studies_by_id(context: SurveysContext) -> DataLoader[UUID, Study | None]:
    return loader(context, "studies_by_id", repository.get_many)


def waves_by_study(context: SurveysContext) -> DataLoader[UUID, list[Wave]]:
    return loader(context, "waves_by_study", repository.waves_of, default=[])


def cohorts_by_study(context: SurveysContext) -> DataLoader[UUID, list[Cohort]]:
    return loader(context, "cohorts_by_study", repository.cohorts_of_many, default=[])


def indicators_by_study(context: SurveysContext) -> DataLoader[UUID, list[IndicatorDefinition]]:
    return loader(context, "indicators_by_study", repository.indicators_of_many, default=[])
