"""Every query on the category table."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.taxonomy.models import Category


async def get_many(session: AsyncSession, codes: Sequence[str]) -> dict[str, Category]:
    rows = await session.execute(select(Category).where(col(Category.code).in_(list(codes))))
    return {category.code: category for category in rows.scalars()}


async def all_categories(session: AsyncSession) -> list[Category]:
    rows = await session.execute(
        select(Category).order_by(col(Category.position), col(Category.code))
    )
    return list(rows.scalars())


async def codes(session: AsyncSession) -> list[str]:
    rows = await session.execute(select(col(Category.code)).order_by(col(Category.code)))
    return list(rows.scalars())
