"""Every query on the meeting and follow_up tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.meeting.models import FollowUp, Meeting
from koko_offers.network.visibility import (
    NetworkView,
    follow_up_scope,
    minutes_follow_up_scope,
    minutes_scope,
)
from koko_shared.pagination import Page, PageRequest, keyset_page


async def get(session: AsyncSession, meeting_id: UUID) -> Meeting | None:
    return await session.get(Meeting, meeting_id)


async def reads_minutes(
    session: AsyncSession, view: NetworkView, group_id: UUID, today: date
) -> bool:
    return bool(await session.scalar(select(minutes_scope(view, group_id, today))))


async def get_many(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, Meeting]:
    rows = await session.execute(select(Meeting).where(col(Meeting.id).in_(list(ids))))
    return {row.id: row for row in rows.scalars()}


async def page_of_group(
    session: AsyncSession, group_id: UUID, request: PageRequest
) -> Page[Meeting]:
    """A group's meetings (for those `minutes_scope` lets read them), latest first, then id."""
    query = select(Meeting).where(col(Meeting.working_group_id) == group_id)
    keys = [col(Meeting.meeting_date), col(Meeting.id)]
    query = keyset_page(
        query, keys, [True, True], request, request.decode(date.fromisoformat, UUID)
    )
    rows = list((await session.execute(query)).scalars())
    return Page.from_overfetch(rows, [(m.meeting_date, str(m.id)) for m in rows], request)


async def follow_ups_of(
    session: AsyncSession, view: NetworkView, meeting_ids: Sequence[UUID]
) -> dict[UUID, list[FollowUp]]:
    """The follow-ups of meetings the view reads, those shown with the minutes."""
    rows = await session.execute(
        select(FollowUp)
        .where(col(FollowUp.meeting_id).in_(list(meeting_ids)), minutes_follow_up_scope(view))
        .order_by(col(FollowUp.due_date), col(FollowUp.id))
    )
    grouped: dict[UUID, list[FollowUp]] = {meeting_id: [] for meeting_id in meeting_ids}
    for row in rows.scalars():
        grouped[row.meeting_id].append(row)
    return grouped


async def page_follow_ups(
    session: AsyncSession,
    view: NetworkView,
    *,
    statuses: Sequence[str],
    due_before: date | None,
    request: PageRequest,
) -> Page[FollowUp]:
    """Follow-ups of the view's region it reads, by due date (soonest first), then id."""
    query = select(FollowUp).where(follow_up_scope(view))
    if statuses:
        query = query.where(col(FollowUp.status).in_(list(statuses)))
    if due_before is not None:
        query = query.where(col(FollowUp.due_date) < due_before)
    keys = [col(FollowUp.due_date), col(FollowUp.id)]
    query = keyset_page(
        query, keys, [False, False], request, request.decode(date.fromisoformat, UUID)
    )
    rows = list((await session.execute(query)).scalars())
    return Page.from_overfetch(rows, [(f.due_date, str(f.id)) for f in rows], request)


# --- writes -------------------------------------------------------------------------------------


async def lock_meeting(session: AsyncSession, meeting_id: UUID) -> Meeting | None:
    result = await session.execute(
        select(Meeting)
        .where(col(Meeting.id) == meeting_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def lock_follow_up(session: AsyncSession, follow_up_id: UUID) -> FollowUp | None:
    result = await session.execute(
        select(FollowUp)
        .where(col(FollowUp.id) == follow_up_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalars().one_or_none()


async def save(session: AsyncSession, row: Meeting | FollowUp) -> Meeting | FollowUp:
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row
