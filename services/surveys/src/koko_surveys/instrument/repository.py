"""Every query on instruments and instrument versions."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_surveys.instrument.models import Instrument, InstrumentVersion


async def by_code(
    session: AsyncSession, study_id: UUID, code: str, *, for_update: bool = False
) -> Instrument | None:
    query = select(Instrument).where(
        col(Instrument.study_id) == study_id, col(Instrument.code) == code
    )
    if for_update:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def next_version(session: AsyncSession, instrument_id: UUID) -> int:
    query = select(func.coalesce(func.max(col(InstrumentVersion.version)), 0)).where(
        col(InstrumentVersion.instrument_id) == instrument_id
    )
    return int((await session.execute(query)).scalar_one()) + 1


async def versions_of_study(
    session: AsyncSession, study_id: UUID
) -> list[tuple[InstrumentVersion, Instrument]]:
    query = (
        select(InstrumentVersion, Instrument)
        .join(Instrument, col(Instrument.id) == col(InstrumentVersion.instrument_id))
        .where(col(Instrument.study_id) == study_id)
        .order_by(col(Instrument.code), col(InstrumentVersion.version))
    )
    return [(v, i) for v, i in (await session.execute(query)).all()]


async def imported_with_form_version(
    session: AsyncSession, instrument_id: UUID, form_version: str | None
) -> InstrumentVersion | None:
    """A version of the instrument imported from an XLSForm with this `version` setting (a
    form without one matches an earlier form without one)."""
    query = select(InstrumentVersion).where(
        col(InstrumentVersion.instrument_id) == instrument_id,
        col(InstrumentVersion.source_filename).is_not(None),
        col(InstrumentVersion.form_version).is_not_distinct_from(form_version),
    )
    return (await session.execute(query.limit(1))).scalar_one_or_none()
