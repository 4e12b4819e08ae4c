"""Every query on the pathway and pathway_step tables."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, delete, func, insert, or_, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.offer.visibility import ReadScope
from koko_offers.pathway.models import Pathway, PathwayStep
from koko_offers.region import repository as region_repository
from koko_shared.pagination import Page, PageRequest, keyset_page


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


async def steps_of_many(
    session: AsyncSession, pathway_ids: Sequence[UUID]
) -> dict[UUID, list[PathwayStep]]:
    """The steps of each pathway in their order, in one query."""
    rows = await session.execute(
        select(PathwayStep)
        .where(col(PathwayStep.pathway_id).in_(list(pathway_ids)))
        .order_by(col(PathwayStep.pathway_id), col(PathwayStep.position))
    )
    grouped: dict[UUID, list[PathwayStep]] = {pathway_id: [] for pathway_id in pathway_ids}
    for step in rows.scalars():
        grouped[step.pathway_id].append(step)
    return grouped


def _readable(scope: ReadScope) -> ColumnElement[bool]:
    """Published pathways for everybody; all of their regions for coordinators."""
    if scope.everything:
        return true()
    return or_(
        col(Pathway.status) == "published",
        *(region_repository.within(col(Pathway.region_ars), p) for p in scope.region_prefixes),
    )


async def get_readable(session: AsyncSession, pathway_id: UUID, scope: ReadScope) -> Pathway | None:
    rows = await session.execute(
        select(Pathway).where(col(Pathway.id) == pathway_id, _readable(scope))
    )
    return rows.scalars().one_or_none()


async def page(
    session: AsyncSession,
    scope: ReadScope,
    *,
    region_ars: str | None,
    goal: str | None,
    statuses: Sequence[str],
    request: PageRequest,
) -> Page[Pathway]:
    """Pathways ordered by title, then id."""
    title_key = func.lower(col(Pathway.title))
    query = select(Pathway, title_key).where(_readable(scope))
    if region_ars:
        query = query.where(region_repository.within(col(Pathway.region_ars), region_ars))
    if goal:
        query = query.where(col(Pathway.goal) == goal)
    if statuses:
        query = query.where(col(Pathway.status).in_(list(statuses)))
    keys = [title_key, col(Pathway.id)]
    query = keyset_page(query, keys, [False, False], request, request.decode(str, UUID))
    rows = (await session.execute(query)).all()
    return Page.from_overfetch(
        [row[0] for row in rows], [(row[1], str(row[0].id)) for row in rows], request
    )


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
