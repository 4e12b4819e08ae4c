"""Every query on the tie table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.network.visibility import NetworkView, tie_scope
from koko_offers.tie.models import Tie
from koko_shared.pagination import Page, PageRequest, keyset_page


def valid_on(day: date) -> ColumnElement[bool]:
    return and_(
        col(Tie.valid_from) <= day, or_(col(Tie.valid_to).is_(None), col(Tie.valid_to) >= day)
    )


async def of_region(session: AsyncSession, view: NetworkView, *, on: date | None) -> list[Tie]:
    """The ties of the view's region it sees (on a day: those in force then), by id."""
    query = select(Tie).where(tie_scope(view))
    if on is not None:
        query = query.where(valid_on(on))
    return list((await session.execute(query.order_by(col(Tie.id)))).scalars())


async def of_actors(
    session: AsyncSession, view: NetworkView, actor_ids: Sequence[UUID]
) -> dict[UUID, list[Tie]]:
    """The ties each actor takes part in (either end) that the view sees, oldest first."""
    ids = list(actor_ids)
    rows = await session.execute(
        select(Tie)
        .where(
            or_(col(Tie.source_actor_id).in_(ids), col(Tie.target_actor_id).in_(ids)),
            tie_scope(view),
        )
        .order_by(col(Tie.valid_from), col(Tie.id))
    )
    grouped: dict[UUID, list[Tie]] = {actor_id: [] for actor_id in ids}
    for tie in rows.scalars():
        for end in (tie.source_actor_id, tie.target_actor_id):
            if end in grouped:
                grouped[end].append(tie)
    return grouped


async def of_groups(
    session: AsyncSession, view: NetworkView, group_ids: Sequence[UUID]
) -> dict[UUID, list[Tie]]:
    """The memberships of each working group that the view sees, oldest first."""
    rows = await session.execute(
        select(Tie)
        .where(col(Tie.working_group_id).in_(list(group_ids)), tie_scope(view))
        .order_by(col(Tie.valid_from), col(Tie.id))
    )
    grouped: dict[UUID, list[Tie]] = {group_id: [] for group_id in group_ids}
    for tie in rows.scalars():
        assert tie.working_group_id is not None
        grouped[tie.working_group_id].append(tie)
    return grouped


async def overlapping(
    session: AsyncSession, tie: Tie, *, excluding: UUID | None = None
) -> Tie | None:
    """Another tie of the same kind between the same ends whose validity overlaps `tie`'s."""
    far = date.max
    query = select(Tie).where(
        col(Tie.kind) == tie.kind,
        or_(
            and_(
                col(Tie.source_actor_id) == tie.source_actor_id,
                col(Tie.target_actor_id) == tie.target_actor_id
                if tie.target_actor_id is not None
                else col(Tie.working_group_id) == tie.working_group_id,
            ),
            # A mutual tie is the same tie read from the other end.
            and_(
                col(Tie.source_actor_id) == tie.target_actor_id,
                col(Tie.target_actor_id) == tie.source_actor_id,
                col(Tie.kind).not_in(["referral", "funding"]),
            ),
        ),
        col(Tie.valid_from) <= (tie.valid_to or far),
        or_(col(Tie.valid_to).is_(None), col(Tie.valid_to) >= tie.valid_from),
    )
    if excluding is not None:
        query = query.where(col(Tie.id) != excluding)
    return (await session.execute(query.limit(1))).scalars().first()


async def page(
    session: AsyncSession,
    view: NetworkView,
    *,
    kinds: Sequence[str],
    on: date | None,
    request: PageRequest,
) -> Page[Tie]:
    """The ties of the view's region it sees, newest first, then id."""
    query = select(Tie).where(tie_scope(view))
    if kinds:
        query = query.where(col(Tie.kind).in_(list(kinds)))
    if on is not None:
        query = query.where(valid_on(on))
    keys = [col(Tie.valid_from), col(Tie.id)]
    query = keyset_page(
        query, keys, [True, True], request, request.decode(date.fromisoformat, UUID)
    )
    rows = list((await session.execute(query)).scalars())
    return Page.from_overfetch(rows, [(t.valid_from, str(t.id)) for t in rows], request)


# --- writes -------------------------------------------------------------------------------------


async def lock(session: AsyncSession, tie_id: UUID) -> Tie | None:
    result = await session.execute(
        select(Tie)
        .where(col(Tie.id) == tie_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: Tie) -> Tie:
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row


async def get(session: AsyncSession, tie_id: UUID) -> Tie | None:
    return await session.get(Tie, tie_id)


async def get_many(session: AsyncSession, tie_ids: Sequence[UUID]) -> dict[UUID, Tie]:
    """The ties among `tie_ids`, in one statement."""
    if not tie_ids:
        return {}
    rows = await session.execute(select(Tie).where(col(Tie.id).in_(list(tie_ids))))
    return {tie.id: tie for tie in rows.scalars()}
