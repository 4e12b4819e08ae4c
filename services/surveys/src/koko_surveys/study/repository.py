"""Every query on studies, waves, cohorts and indicator definitions."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_surveys.instrument.models import Instrument, InstrumentVersion
from koko_surveys.study.models import (
    Cohort,
    IndicatorDefinition,
    Study,
    Wave,
    WaveInstrumentVersion,
)


async def get(session: AsyncSession, study_id: UUID) -> Study | None:
    return await session.get(Study, study_id)


async def get_many(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, Study]:
    rows = (await session.execute(select(Study).where(col(Study.id).in_(ids)))).scalars()
    return {row.id: row for row in rows}


async def by_code(session: AsyncSession, region_ars: str, code: str) -> Study | None:
    result = await session.execute(
        select(Study).where(col(Study.region_ars) == region_ars, col(Study.code) == code)
    )
    return result.scalar_one_or_none()


async def list_page(
    session: AsyncSession, *, region_prefix: str | None, after: tuple[str, str] | None, limit: int
) -> list[Study]:
    query = select(Study).order_by(col(Study.code), col(Study.id))
    if region_prefix:
        query = query.where(col(Study.region_ars).startswith(region_prefix))
    if after is not None:
        query = query.where(
            tuple_(col(Study.code), col(Study.id)) > tuple_(after[0], UUID(after[1]))
        )
    return list((await session.execute(query.limit(limit))).scalars())


async def in_regions(session: AsyncSession, prefixes: Sequence[str]) -> list[Study]:
    studies = list((await session.execute(select(Study).order_by(col(Study.code)))).scalars())
    return [s for s in studies if any(s.region_ars.startswith(p) for p in prefixes)]


async def waves_of(session: AsyncSession, study_ids: Sequence[UUID]) -> dict[UUID, list[Wave]]:
    rows = (
        await session.execute(
            select(Wave).where(col(Wave.study_id).in_(study_ids)).order_by(col(Wave.position))
        )
    ).scalars()
    grouped: dict[UUID, list[Wave]] = {i: [] for i in study_ids}
    for row in rows:
        grouped[row.study_id].append(row)
    return grouped


async def get_wave(session: AsyncSession, wave_id: UUID) -> Wave | None:
    return await session.get(Wave, wave_id)


async def cohorts_of_many(
    session: AsyncSession, study_ids: Sequence[UUID]
) -> dict[UUID, list[Cohort]]:
    query = select(Cohort).where(col(Cohort.study_id).in_(study_ids)).order_by(col(Cohort.code))
    grouped: dict[UUID, list[Cohort]] = {i: [] for i in study_ids}
    for row in (await session.execute(query)).scalars():
        grouped[row.study_id].append(row)
    return grouped


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


async def cohorts_of(session: AsyncSession, study_id: UUID) -> list[Cohort]:
    query = select(Cohort).where(col(Cohort.study_id) == study_id).order_by(col(Cohort.code))
    return list((await session.execute(query)).scalars())


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


async def wave_versions(
    session: AsyncSession, wave_id: UUID
) -> list[tuple[InstrumentVersion, Instrument]]:
    query = (
        select(InstrumentVersion, Instrument)
        .join(
            WaveInstrumentVersion,
            col(WaveInstrumentVersion.instrument_version_id) == col(InstrumentVersion.id),
        )  # type: ignore[arg-type]
        .join(Instrument, col(Instrument.id) == col(InstrumentVersion.instrument_id))
        .where(col(WaveInstrumentVersion.wave_id) == wave_id)
    )
    return [(v, i) for v, i in (await session.execute(query)).all()]
