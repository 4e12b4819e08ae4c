"""Every query on studies and their cohorts."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_shared.auth.actor import Actor
from koko_shared.pagination import Page, PageRequest, keyset_page
from koko_surveys.study import visibility
from koko_surveys.study.models import Cohort, Study


async def get(session: AsyncSession, study_id: UUID) -> Study | None:
    return await session.get(Study, study_id)


async def get_many(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, Study]:
    rows = (await session.execute(select(Study).where(col(Study.id).in_(ids)))).scalars()
    return {row.id: row for row in rows}


async def visible_by_id(
    session: AsyncSession, actor: Actor, ids: Sequence[UUID]
) -> dict[UUID, Study]:
    """Those of the studies `ids` that `actor` may see (the read scope, `visibility.visible_to`)."""
    query = select(Study).where(col(Study.id).in_(ids), visibility.visible_to(actor))
    return {row.id: row for row in (await session.execute(query)).scalars()}


async def by_code(session: AsyncSession, region_ars: str, code: str) -> Study | None:
    result = await session.execute(
        select(Study).where(col(Study.region_ars) == region_ars, col(Study.code) == code)
    )
    return result.scalar_one_or_none()


async def visible_page(
    session: AsyncSession, actor: Actor, *, region_ars: str | None, request: PageRequest
) -> Page[Study]:
    """A page of the studies `actor` may see (inside `region_ars` when given), by code."""
    query = select(Study).where(*_visible(actor, region_ars))
    keys = [col(Study.code), col(Study.id)]
    values = request.decode(str, UUID)
    rows = list(
        (await session.execute(keyset_page(query, keys, [False, False], request, values))).scalars()
    )
    return Page.from_overfetch(rows, [(r.code, str(r.id)) for r in rows], request)


async def count_visible(session: AsyncSession, actor: Actor, *, region_ars: str | None) -> int:
    query = select(func.count()).select_from(Study).where(*_visible(actor, region_ars))
    return int((await session.execute(query)).scalar_one())


async def visible_for_region(
    session: AsyncSession, actor: Actor, region_ars: str, *, kind: str | None = None
) -> list[Study]:
    """Studies `actor` may see that concern a region: run in it, inside it, or in a larger
    region that covers it (a state-wide study covers a city), by code."""
    query = select(Study).where(
        visibility.visible_to(actor),
        or_(visibility.in_region(region_ars), visibility.covering(region_ars)),
    )
    if kind is not None:
        query = query.where(col(Study.kind) == kind)
    return list((await session.execute(query.order_by(col(Study.code)))).scalars())


async def of_region(session: AsyncSession, region_ars: str) -> list[Study]:
    """Every study of the region or inside it, by code (no visibility: for jobs)."""
    query = select(Study).where(visibility.in_region(region_ars)).order_by(col(Study.code))
    return list((await session.execute(query)).scalars())


async def with_retention(session: AsyncSession) -> list[Study]:
    """Studies whose submissions expire (`retention_days` set)."""
    query = select(Study).where(col(Study.retention_days).is_not(None))
    return list((await session.execute(query)).scalars())


def _visible(actor: Actor, region_ars: str | None) -> list[ColumnElement[bool]]:
    conditions = [visibility.visible_to(actor)]
    if region_ars is not None:
        conditions.append(visibility.in_region(region_ars))
    return conditions


async def cohorts_of_many(
    session: AsyncSession, study_ids: Sequence[UUID]
) -> dict[UUID, list[Cohort]]:
    query = select(Cohort).where(col(Cohort.study_id).in_(study_ids)).order_by(col(Cohort.code))
    grouped: dict[UUID, list[Cohort]] = {i: [] for i in study_ids}
    for row in (await session.execute(query)).scalars():
        grouped[row.study_id].append(row)
    return grouped


async def cohorts_of(session: AsyncSession, study_id: UUID) -> list[Cohort]:
    query = select(Cohort).where(col(Cohort.study_id) == study_id).order_by(col(Cohort.code))
    return list((await session.execute(query)).scalars())
