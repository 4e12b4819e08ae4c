"""Every query on the region and area tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.region.models import Area, Region
from koko_shared.auth.actor import ars_prefix


async def get(session: AsyncSession, ars: str) -> Region | None:
    return await session.get(Region, ars)


async def get_many(session: AsyncSession, ars_list: Sequence[str]) -> dict[str, Region]:
    rows = await session.execute(select(Region).where(col(Region.ars).in_(list(ars_list))))
    return {region.ars: region for region in rows.scalars()}


async def children(session: AsyncSession, parent_ars: str | None) -> list[Region]:
    query = select(Region).order_by(col(Region.ars))
    if parent_ars is None:
        query = query.where(col(Region.parent_ars).is_(None))
    else:
        query = query.where(col(Region.parent_ars) == parent_ars)
    return list((await session.execute(query)).scalars())


async def areas_of(session: AsyncSession, region_ars_list: Sequence[str]) -> dict[str, list[Area]]:
    rows = await session.execute(
        select(Area)
        .where(col(Area.region_ars).in_(list(region_ars_list)))
        .order_by(col(Area.region_ars), col(Area.code))
    )
    grouped: dict[str, list[Area]] = {ars: [] for ars in region_ars_list}
    for area in rows.scalars():
        grouped[area.region_ars].append(area)
    return grouped


async def areas_by_id(session: AsyncSession, area_ids: Sequence[UUID]) -> dict[UUID, Area]:
    rows = await session.execute(select(Area).where(col(Area.id).in_(list(area_ids))))
    return {area.id: area for area in rows.scalars()}


def ars_range(ars: str) -> tuple[str, str]:
    """The lowest and highest 12-digit ARS of the region `ars` and everything inside it."""
    # Trailing all-zero levels do not narrow the region: `150030000000` is all of Magdeburg.
    prefix = ars_prefix(ars)
    return prefix.ljust(12, "0"), prefix.ljust(12, "9")


def within(column: Any, ars: str) -> ColumnElement[bool]:
    """`column` (an ARS) is the region `ars` or lies inside it. A range on the 12-digit key, so
    that btree indexes on region_ars apply."""
    low, high = ars_range(ars)
    return and_(column >= low, column <= high)


async def area_by_code(session: AsyncSession, region_ars: str, code: str) -> Area | None:
    rows = await session.execute(
        select(Area).where(col(Area.region_ars) == region_ars, col(Area.code) == code)
    )
    return rows.scalars().one_or_none()
