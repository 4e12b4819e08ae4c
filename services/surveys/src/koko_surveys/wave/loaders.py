"""Dataloaders of waves, created once per request (no N+1 from lists of studies)."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from koko_shared.graphql.loaders import loader
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.wave import repository
from koko_surveys.wave.models import Wave


def waves_by_study(context: SurveysContext) -> DataLoader[UUID, list[Wave]]:
    return loader(context, "waves_by_study", repository.waves_of, default=[])
