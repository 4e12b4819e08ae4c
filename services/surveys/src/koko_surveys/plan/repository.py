"""Every query on table plans and the versions waves pin."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_surveys.plan.models import TablePlan
from koko_surveys.release.models import Release
from koko_surveys.wave.models import Wave


async def latest_version(session: AsyncSession, study_id: UUID) -> int:
    query = select(func.max(col(TablePlan.version))).where(col(TablePlan.study_id) == study_id)
    return int((await session.execute(query)).scalar() or 0)


async def get(session: AsyncSession, study_id: UUID, version: int) -> TablePlan | None:
    query = select(TablePlan).where(
        col(TablePlan.study_id) == study_id, col(TablePlan.version) == version
    )
    return (await session.execute(query)).scalar_one_or_none()


async def of_study(session: AsyncSession, study_id: UUID) -> list[TablePlan]:
    query = (
        select(TablePlan)
        .where(col(TablePlan.study_id) == study_id)
        .order_by(col(TablePlan.version))
    )
    return list((await session.execute(query)).scalars())


async def pin(session: AsyncSession, study_id: UUID, version: int, today: date) -> list[str]:
    """Pin `version` to the study's waves whose field has not opened yet, and to waves without a
    plan that were never released; the codes of the waves pinned."""
    released = select(col(Release.wave_id)).where(col(Release.wave_id).is_not(None))
    result = await session.execute(
        update(Wave)
        .where(
            col(Wave.study_id) == study_id,
            (col(Wave.field_opens_date) > today) | col(Wave.table_plan_version).is_(None),
            col(Wave.id).not_in(released),
        )
        .values(table_plan_version=version)
        .returning(col(Wave.code))
    )
    return sorted(row[0] for row in result)
