"""Every query on the location table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.location.models import Location


async def get_many(session: AsyncSession, location_ids: Sequence[UUID]) -> dict[UUID, Location]:
    rows = await session.execute(select(Location).where(col(Location.id).in_(list(location_ids))))
    return {location.id: location for location in rows.scalars()}


def postcode_centre(postcode: str) -> Any:
    """The centre of a postcode as the HSDS feed and `near.postcode` use it: the mean position
    of the catalogue's locations with that postcode (a scalar subquery; NULL when none)."""
    return select(func.avg(col(Location.lat)), func.avg(col(Location.lon))).where(
        col(Location.postal_code) == postcode, col(Location.lat).is_not(None)
    )


async def postcode_centroid(session: AsyncSession, postcode: str) -> tuple[float, float] | None:
    """(lat, lon) of `postcode_centre`, or None when no location has that postcode."""
    lat, lon = (await session.execute(postcode_centre(postcode))).one()
    return (float(lat), float(lon)) if lat is not None else None


# --- writes -------------------------------------------------------------------------------------


async def lock(session: AsyncSession, location_id: UUID) -> Location | None:
    """The row, locked until the transaction ends (FOR UPDATE), with fresh values."""
    result = await session.execute(
        select(Location)
        .where(col(Location.id) == location_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: Location) -> Location:
    """Write a new or changed row and read back what the database computed."""
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row
