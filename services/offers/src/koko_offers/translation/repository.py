"""Every query on the translation table."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
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


# --- writes (translationUpsert, outdating on German source edits) -------------------------------


async def get(
    session: AsyncSession, entity: str, entity_id: UUID, field: str, language: str
) -> Translation | None:
    return await session.get(Translation, (entity, entity_id, field, language))


async def upsert(session: AsyncSession, translation: Translation) -> Translation:
    """Insert or replace the translation of (entity, id, field, language)."""
    table = Translation.__table__  # type: ignore[attr-defined]
    values = {column.name: getattr(translation, column.name) for column in table.c}
    statement = pg_insert(table).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=["entity", "entity_id", "field", "language"],
        set_={
            name: statement.excluded[name]
            for name in ("text", "state", "source_hash", "translated_by", "updated_at")
        },
    )
    await session.execute(statement)
    stored = await session.get(
        Translation,
        (translation.entity, translation.entity_id, translation.field, translation.language),
        populate_existing=True,
    )
    assert stored is not None
    return stored


async def mark_outdated(
    session: AsyncSession, entity: str, entity_id: UUID, fields: Sequence[str]
) -> int:
    """Every translation of these fields becomes `outdated`; the number of rows marked."""
    if not fields:
        return 0
    result = await session.execute(
        update(Translation)
        .where(
            col(Translation.entity) == entity,
            col(Translation.entity_id) == entity_id,
            col(Translation.field).in_(list(fields)),
            col(Translation.state) != "outdated",
        )
        .values(state="outdated")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def delete_for_entities(
    session: AsyncSession, entity: str, entity_ids: Sequence[UUID]
) -> None:
    if entity_ids:
        await session.execute(
            delete(Translation).where(
                col(Translation.entity) == entity, col(Translation.entity_id).in_(list(entity_ids))
            )
        )
