"""Every query on the working_group table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.network.visibility import NetworkView, group_scope
from koko_offers.working_group.models import WorkingGroup
from koko_shared.pagination import Page, PageRequest, keyset_page


def valid_on(day: date) -> ColumnElement[bool]:
    return and_(
        or_(col(WorkingGroup.valid_from).is_(None), col(WorkingGroup.valid_from) <= day),
        or_(col(WorkingGroup.valid_to).is_(None), col(WorkingGroup.valid_to) >= day),
    )


async def get(session: AsyncSession, group_id: UUID) -> WorkingGroup | None:
    return await session.get(WorkingGroup, group_id)


async def get_visible(
    session: AsyncSession, view: NetworkView, group_id: UUID
) -> WorkingGroup | None:
    """The group when it is in the view's region and the view sees it, else None."""
    query = select(WorkingGroup).where(col(WorkingGroup.id) == group_id, group_scope(view))
    return (await session.execute(query)).scalars().one_or_none()


async def get_many(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, WorkingGroup]:
    rows = await session.execute(select(WorkingGroup).where(col(WorkingGroup.id).in_(list(ids))))
    return {row.id: row for row in rows.scalars()}


async def of_region(
    session: AsyncSession, view: NetworkView, *, on: date | None
) -> list[WorkingGroup]:
    """The groups of the view's region it sees (on a day: those active then), by id."""
    query = select(WorkingGroup).where(group_scope(view))
    if on is not None:
        query = query.where(valid_on(on))
    return list((await session.execute(query.order_by(col(WorkingGroup.id)))).scalars())


async def parent_chain(session: AsyncSession, group_id: UUID) -> list[UUID]:
    """The group and every group above it (parent, its parent, ...), at most 50 levels."""
    chain: list[UUID] = []
    current: UUID | None = group_id
    while current is not None and current not in chain and len(chain) < 50:
        chain.append(current)
        row = await session.get(WorkingGroup, current)
        current = row.parent_group_id if row is not None else None
    return chain


async def page(
    session: AsyncSession,
    view: NetworkView,
    *,
    kinds: Sequence[str],
    on: date | None,
    request: PageRequest,
) -> Page[WorkingGroup]:
    """The region's groups the view sees, by name, then id."""
    name_key = func.lower(col(WorkingGroup.name))
    query = select(WorkingGroup, name_key).where(group_scope(view))
    if kinds:
        query = query.where(col(WorkingGroup.kind).in_(list(kinds)))
    if on is not None:
        query = query.where(valid_on(on))
    keys = [name_key, col(WorkingGroup.id)]
    query = keyset_page(query, keys, [False, False], request, request.decode(str, UUID))
    rows = (await session.execute(query)).all()
    return Page.from_overfetch(
        [row[0] for row in rows], [(row[1], str(row[0].id)) for row in rows], request
    )


# --- writes -------------------------------------------------------------------------------------


async def lock(session: AsyncSession, group_id: UUID) -> WorkingGroup | None:
    result = await session.execute(
        select(WorkingGroup)
        .where(col(WorkingGroup.id) == group_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: WorkingGroup) -> WorkingGroup:
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row
