"""Every query on the change_log table."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.change_log.models import ChangeLogEntry


async def add(session: AsyncSession, entry: ChangeLogEntry) -> ChangeLogEntry:
    session.add(entry)
    await session.flush()
    return entry


async def for_entity(
    session: AsyncSession, entity: str, entity_id: UUID, *, limit: int = 100
) -> list[ChangeLogEntry]:
    rows = await session.execute(
        select(ChangeLogEntry)
        .where(col(ChangeLogEntry.entity) == entity, col(ChangeLogEntry.entity_id) == entity_id)
        .order_by(col(ChangeLogEntry.id).desc())
        .limit(limit)
    )
    return list(rows.scalars())
