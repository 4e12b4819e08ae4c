"""Every query on the audit log (inserts and reads only; the database refuses the rest)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_surveys.audit.models import AuditEntry


async def append(
    session: AsyncSession, *, actor: str, action: str, study_id: UUID | None, detail: dict[str, Any]
) -> None:
    session.add(AuditEntry(actor=actor, action=action, study_id=study_id, detail=detail))
    await session.flush()


async def entries(session: AsyncSession, study_id: UUID, limit: int = 100) -> list[AuditEntry]:
    query = (
        select(AuditEntry)
        .where(col(AuditEntry.study_id) == study_id)
        .order_by(col(AuditEntry.id).desc())
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def entries_of_action(
    session: AsyncSession, study_id: UUID, action: str, limit: int = 100
) -> list[AuditEntry]:
    """Entries of one action of a study, oldest first."""
    query = (
        select(AuditEntry)
        .where(col(AuditEntry.study_id) == study_id, col(AuditEntry.action) == action)
        .order_by(col(AuditEntry.id))
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())
