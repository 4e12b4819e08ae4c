"""Every query on the pathway and pathway_step tables."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.pathway.models import Pathway, PathwayStep


async def get(session: AsyncSession, pathway_id: UUID) -> Pathway | None:
    return await session.get(Pathway, pathway_id)


async def get_step(session: AsyncSession, step_id: UUID) -> PathwayStep | None:
    return await session.get(PathwayStep, step_id)


async def steps_of(session: AsyncSession, pathway_id: UUID) -> list[PathwayStep]:
    """The steps of a pathway in their order."""
    rows = await session.execute(
        select(PathwayStep)
        .where(col(PathwayStep.pathway_id) == pathway_id)
        .order_by(col(PathwayStep.position))
        .execution_options(populate_existing=True)
    )
    return list(rows.scalars())


# --- writes -------------------------------------------------------------------------------------


async def lock(session: AsyncSession, pathway_id: UUID) -> Pathway | None:
    """The pathway, locked until the transaction ends (FOR UPDATE), with fresh values."""
    result = await session.execute(
        select(Pathway)
        .where(col(Pathway.id) == pathway_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: Pathway) -> Pathway:
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row


async def replace_steps(
    session: AsyncSession, pathway_id: UUID, steps: Sequence[PathwayStep], existing: set[UUID]
) -> list[PathwayStep]:
    """Make `steps` (in this order, positions 1..n) the steps of the pathway: steps whose id is
    in `existing` are updated, the others inserted, stored steps not in `steps` deleted."""
    keep = [step.id for step in steps if step.id in existing]
    await session.execute(
        delete(PathwayStep)
        .where(col(PathwayStep.pathway_id) == pathway_id, col(PathwayStep.id).not_in(keep))
        .execution_options(synchronize_session=False)
    )
    # Positions are unique per pathway: move the kept steps out of the way before reordering.
    await session.execute(
        update(PathwayStep)
        .where(col(PathwayStep.pathway_id) == pathway_id)
        .values(position=-col(PathwayStep.position))
        .execution_options(synchronize_session=False)
    )
    for position, step in enumerate(steps, start=1):
        values = {
            "position": position,
            "title": step.title,
            "note": step.note,
            "conditions": step.conditions,
            "category_codes": list(step.category_codes),
            "offer_ids": list(step.offer_ids),
        }
        if step.id in existing:
            await session.execute(
                update(PathwayStep)
                .where(col(PathwayStep.id) == step.id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        else:
            await session.execute(
                insert(PathwayStep).values(id=step.id, pathway_id=pathway_id, **values)
            )
    return await steps_of(session, pathway_id)
