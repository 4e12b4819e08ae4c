"""Dataloaders of regions, created once per request: the gateway sends one `_entities`
representation per offer, so a page of a hundred offers names the same few regions a hundred
times; each distinct region's demand is computed once per request (issue 18: 1,999 lookups of
one region kept surveys busy 75 s)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_shared.graphql.loaders import loader
from koko_surveys.analytics import regional
from koko_surveys.analytics.regional import DemandResult
from koko_surveys.graphql.context import SurveysContext


def demand_by_region(context: SurveysContext) -> DataLoader[str, list[DemandResult]]:
    actor = context.actor

    async def load_many(
        session: AsyncSession, regions: Sequence[str]
    ) -> dict[str, list[DemandResult]]:
        return {ars: await regional.language_demand(session, actor, ars) for ars in set(regions)}

    return loader(context, "demand_by_region", load_many, default=[])
