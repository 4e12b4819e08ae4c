"""Dataloaders of indicator definitions, created once per request (no N+1 from lists of
studies)."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_shared.graphql.loaders import loader
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.indicator import repository
from koko_surveys.indicator.models import IndicatorDefinition


def indicators_by_study(context: SurveysContext) -> DataLoader[UUID, list[IndicatorDefinition]]:
    return loader(context, "indicators_by_study", repository.indicators_of_many, default=[])
