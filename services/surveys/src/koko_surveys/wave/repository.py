"""Every query on waves and the instrument versions they accept."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_surveys.instrument.models import Instrument, InstrumentVersion
from koko_surveys.wave.models import Wave, WaveInstrumentVersion


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
