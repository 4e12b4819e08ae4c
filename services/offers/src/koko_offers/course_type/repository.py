"""Every query on the course_type table (a dated code list)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, or_, select

from koko_offers.course_type.models import CourseType


async def get_many(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, CourseType]:
    rows = await session.execute(select(CourseType).where(col(CourseType.id).in_(list(ids))))
    return {course_type.id: course_type for course_type in rows.scalars()}


async def valid_on(session: AsyncSession, day: date) -> list[CourseType]:
    """The entries of the code list in force on `day`."""
    rows = await session.execute(
        select(CourseType)
        .where(
            col(CourseType.valid_from) <= day,
            or_(col(CourseType.valid_to).is_(None), col(CourseType.valid_to) >= day),
        )
        .order_by(col(CourseType.family), col(CourseType.code))
    )
    return list(rows.scalars())


async def valid_by_code(session: AsyncSession, code: str, day: date) -> CourseType | None:
    """The entry of `code` in force on `day`."""
    rows = await session.execute(
        select(CourseType)
        .where(
            col(CourseType.code) == code,
            col(CourseType.valid_from) <= day,
            or_(col(CourseType.valid_to).is_(None), col(CourseType.valid_to) >= day),
        )
        .order_by(col(CourseType.valid_from).desc())
        .limit(1)
    )
    return rows.scalars().first()
