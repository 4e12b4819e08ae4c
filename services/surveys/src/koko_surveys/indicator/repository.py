"""Every query on indicator definitions."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_surveys.indicator.models import IndicatorDefinition


async def indicators_of_many(
    session: AsyncSession, study_ids: Sequence[UUID]
) -> dict[UUID, list[IndicatorDefinition]]:
    query = (
        select(IndicatorDefinition)
        .where(col(IndicatorDefinition.study_id).in_(study_ids))
        .order_by(col(IndicatorDefinition.code))
    )
    grouped: dict[UUID, list[IndicatorDefinition]] = {i: [] for i in study_ids}
    for row in (await session.execute(query)).scalars():
        grouped[row.study_id].append(row)
    return grouped


async def indicators_of(session: AsyncSession, study_id: UUID) -> list[IndicatorDefinition]:
    query = (
        select(IndicatorDefinition)
        .where(col(IndicatorDefinition.study_id) == study_id)
        .order_by(col(IndicatorDefinition.code))
    )
    return list((await session.execute(query)).scalars())


async def indicator(session: AsyncSession, study_id: UUID, code: str) -> IndicatorDefinition | None:
    query = select(IndicatorDefinition).where(
        col(IndicatorDefinition.study_id) == study_id, col(IndicatorDefinition.code) == code
    )
    return (await session.execute(query)).scalar_one_or_none()
