"""Every query on the field_of_action table (a dated code list)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, or_, select

from koko_offers.field_of_action.models import FieldOfAction


async def valid_on(session: AsyncSession, day: date) -> list[FieldOfAction]:
    """The entries of the code list in force on `day`, in their order."""
    rows = await session.execute(
        select(FieldOfAction)
        .where(
            col(FieldOfAction.valid_from) <= day,
            or_(col(FieldOfAction.valid_to).is_(None), col(FieldOfAction.valid_to) >= day),
        )
        .order_by(col(FieldOfAction.position), col(FieldOfAction.code))
    )
    return list(rows.scalars())


async def by_code(session: AsyncSession) -> dict[str, FieldOfAction]:
    """The latest entry of every code ever in the list (labels of codes no longer in force)."""
    rows = await session.execute(
        select(FieldOfAction).order_by(col(FieldOfAction.code), col(FieldOfAction.valid_from))
    )
    return {row.code: row for row in rows.scalars()}
