"""Every query on the change_log table."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.change_log.models import ChangeLogEntry
from koko_shared.pagination import Page, PageRequest, keyset_page


async def add(session: AsyncSession, entry: ChangeLogEntry) -> ChangeLogEntry:
    session.add(entry)
    await session.flush()
    return entry


async def for_entity(
    session: AsyncSession, entity: str, entity_id: UUID, *, request: PageRequest
) -> Page[ChangeLogEntry]:
    """A page of the record's changes, newest first (the index on entity, entity_id, id)."""
    query = select(ChangeLogEntry).where(
        col(ChangeLogEntry.entity) == entity, col(ChangeLogEntry.entity_id) == entity_id
    )
    query = keyset_page(query, [col(ChangeLogEntry.id)], [True], request, request.decode(int))
    rows = list((await session.execute(query)).scalars())
    return Page.from_overfetch(rows, [(r.id,) for r in rows], request)
