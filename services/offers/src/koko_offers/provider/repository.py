"""Every query on the provider table."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.provider.models import Provider
from koko_offers.region import repository as region_repository
from koko_shared.pagination import Page, PageRequest, keyset_page


async def get(session: AsyncSession, provider_id: UUID) -> Provider | None:
    return await session.get(Provider, provider_id)


async def get_many(session: AsyncSession, provider_ids: Sequence[UUID]) -> dict[UUID, Provider]:
    rows = await session.execute(select(Provider).where(col(Provider.id).in_(list(provider_ids))))
    return {provider.id: provider for provider in rows.scalars()}


async def page(
    session: AsyncSession,
    *,
    region_ars: str | None,
    kinds: Sequence[str],
    search: str | None,
    request: PageRequest,
) -> Page[Provider]:
    """Providers ordered by name (unaccented, case-insensitive), then id."""
    name_key = func.koko_unaccent(func.lower(col(Provider.name)))
    query = select(Provider, name_key)
    if region_ars:
        query = query.where(region_repository.within(col(Provider.region_ars), region_ars))
    if kinds:
        query = query.where(col(Provider.kind).in_(list(kinds)))
    if search:
        query = query.where(name_key.contains(func.koko_unaccent(search.lower()), autoescape=True))
    keys = [name_key, col(Provider.id)]
    query = keyset_page(query, keys, [False, False], request, request.decode(str, UUID))
    rows = (await session.execute(query)).all()
    return Page.from_overfetch(
        [row[0] for row in rows], [(row[1], str(row[0].id)) for row in rows], request
    )


# --- writes -------------------------------------------------------------------------------------


async def lock(session: AsyncSession, provider_id: UUID) -> Provider | None:
    """The row, locked until the transaction ends (FOR UPDATE), with fresh values."""
    result = await session.execute(
        select(Provider)
        .where(col(Provider.id) == provider_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: Provider) -> Provider:
    """Write a new or changed row and read back what the database computed."""
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row
