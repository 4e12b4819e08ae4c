"""Every query on the actor table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.actor.models import Actor
from koko_offers.network.visibility import NetworkView, actor_scope
from koko_offers.provider.models import Provider
from koko_shared.pagination import Page, PageRequest, keyset_page


def valid_on(day: date) -> ColumnElement[bool]:
    return and_(
        or_(col(Actor.valid_from).is_(None), col(Actor.valid_from) <= day),
        or_(col(Actor.valid_to).is_(None), col(Actor.valid_to) >= day),
    )


async def get(session: AsyncSession, actor_id: UUID) -> Actor | None:
    return await session.get(Actor, actor_id)


async def get_visible(session: AsyncSession, view: NetworkView, actor_id: UUID) -> Actor | None:
    """The actor when it is in the view's region and the view sees it, else None."""
    query = select(Actor).where(col(Actor.id) == actor_id, actor_scope(view))
    return (await session.execute(query)).scalars().one_or_none()


async def get_many(session: AsyncSession, actor_ids: Sequence[UUID]) -> dict[UUID, Actor]:
    rows = await session.execute(select(Actor).where(col(Actor.id).in_(list(actor_ids))))
    return {row.id: row for row in rows.scalars()}


async def of_provider(session: AsyncSession, provider_id: UUID) -> Actor | None:
    rows = await session.execute(select(Actor).where(col(Actor.provider_id) == provider_id))
    return rows.scalars().one_or_none()


async def of_region(session: AsyncSession, view: NetworkView, *, on: date | None) -> list[Actor]:
    """The actors of the view's region it sees (on a day: those active then), by id."""
    query = select(Actor).where(actor_scope(view))
    if on is not None:
        query = query.where(valid_on(on))
    return list((await session.execute(query.order_by(col(Actor.id)))).scalars())


async def page(
    session: AsyncSession,
    view: NetworkView,
    *,
    kinds: Sequence[str],
    fields_of_action: Sequence[str],
    search: str | None,
    on: date | None,
    request: PageRequest,
) -> Page[Actor]:
    """The region's actors the view sees, by name (a linked provider's name), then id."""
    name = func.coalesce(col(Actor.name), col(Provider.name))
    name_key = func.koko_unaccent(func.lower(name))
    query = (
        select(Actor, name_key)
        .outerjoin(Provider, col(Provider.id) == col(Actor.provider_id))
        .where(actor_scope(view))
    )
    if kinds:
        query = query.where(col(Actor.kind).in_(list(kinds)))
    if fields_of_action:
        query = query.where(
            Actor.__table__.c.fields_of_action.overlap(list(fields_of_action))  # type: ignore[attr-defined]
        )
    if search:
        query = query.where(name_key.contains(func.koko_unaccent(search.lower()), autoescape=True))
    if on is not None:
        query = query.where(valid_on(on))
    keys = [name_key, col(Actor.id)]
    query = keyset_page(query, keys, [False, False], request, request.decode(str, UUID))
    rows = (await session.execute(query)).all()
    return Page.from_overfetch(
        [row[0] for row in rows], [(row[1], str(row[0].id)) for row in rows], request
    )


# --- writes -------------------------------------------------------------------------------------


async def lock(session: AsyncSession, actor_id: UUID) -> Actor | None:
    """The row, locked until the transaction ends (FOR UPDATE), with fresh values."""
    result = await session.execute(
        select(Actor)
        .where(col(Actor.id) == actor_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: Actor) -> Actor:
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row
