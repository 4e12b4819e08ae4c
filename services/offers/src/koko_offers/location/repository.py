"""Every query on the location table."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.location.models import Location


async def get_many(session: AsyncSession, location_ids: Sequence[UUID]) -> dict[UUID, Location]:
    rows = await session.execute(select(Location).where(col(Location.id).in_(list(location_ids))))
    return {location.id: location for location in rows.scalars()}
