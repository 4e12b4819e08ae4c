"""Every query on the translation table."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.translation.models import Translation


async def for_entities(
    session: AsyncSession, entity: str, entity_ids: Sequence[UUID], languages: Sequence[str]
) -> list[Translation]:
    """Every translation of these entities into any of `languages`."""
    rows = await session.execute(
        select(Translation).where(
            col(Translation.entity) == entity,
            col(Translation.entity_id).in_(list(entity_ids)),
            col(Translation.language).in_(list(languages)),
        )
    )
    return list(rows.scalars())
