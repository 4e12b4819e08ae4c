"""GraphQL types of meetings and follow-ups (for coordinators and member organizations only)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Self

import strawberry
from strawberry.types import Info

from koko_offers.actor.loaders import actor_by_id, visible_actor_by_id
from koko_offers.actor.types import Actor
from koko_offers.graphql.context import OffersContext
from koko_offers.meeting.loaders import follow_ups_of_meeting
from koko_offers.meeting.models import FollowUp as FollowUpRow
from koko_offers.meeting.models import Meeting as MeetingRow
from koko_shared.graphql.ids import to_global_id


@strawberry.enum(description="Where a follow-up stands.")
class FollowUpStatus(Enum):
    OPEN = strawberry.enum_value("open", description="Not started.")
    IN_PROGRESS = strawberry.enum_value("in_progress", description="Being worked on.")
    DONE = strawberry.enum_value("done", description="Done.")
    DROPPED = strawberry.enum_value("dropped", description="Given up or no longer needed.")


@strawberry.type(description="A task agreed in a meeting, with its owner and due date.")
class FollowUp:
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    description: str = strawberry.field(description="What is to be done, in German.")
    due_date: date = strawberry.field(description="By when.")
    status: FollowUpStatus = strawberry.field(description="Where it stands.")
    version: int = strawberry.field(description="For optimistic locking of updates.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    row: strawberry.Private[FollowUpRow]

    @classmethod
    def from_row(cls, row: FollowUpRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("FollowUp", row.id)),
            description=row.description,
            due_date=row.due_date,
            status=FollowUpStatus(row.status),
            version=row.version,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(description="True when it is open or in progress after its due date.")
    def overdue(self) -> bool:
        return self.row.status in ("open", "in_progress") and self.row.due_date < date.today()

    @strawberry.field(description="The actor (an organization) that takes it on.")
    async def owner(self, info: Info[OffersContext, None]) -> Actor:
        # Whoever reads the follow-up sees its owner: the region's coordinators see every actor,
        # `follow_up_scope` gives a provider the follow-ups its own actor owns, and a meeting's
        # members read those whose owner they see (`minutes_follow_up_scope`).
        row = await actor_by_id(info.context).load(self.row.owner_actor_id)
        assert row is not None  # a foreign key
        return Actor.from_row(row)


@strawberry.type(description="A meeting of a working group or round table, with its minutes.")
class Meeting:
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    meeting_date: date = strawberry.field(description="When it took place.")
    title: str = strawberry.field(description="Its title, e.g. '3. Sitzung 2026'.")
    topics: list[str] = strawberry.field(description="Topics discussed, in German.")
    decisions: list[str] = strawberry.field(description="Decisions taken, in German.")
    minutes: str | None = strawberry.field(description="The minutes, in German.")
    version: int = strawberry.field(description="For optimistic locking of updates.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    row: strawberry.Private[MeetingRow]

    @classmethod
    def from_row(cls, row: MeetingRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Meeting", row.id)),
            meeting_date=row.meeting_date,
            title=row.title,
            topics=list(row.topics),
            decisions=list(row.decisions),
            minutes=row.minutes,
            version=row.version,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(description="The actors (organizations) that took part.")
    async def participants(self, info: Info[OffersContext, None]) -> list[Actor]:
        rows = await visible_actor_by_id(info.context).load_many(self.row.participant_actor_ids)
        return [Actor.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The follow-ups agreed, by due date.")
    async def follow_ups(self, info: Info[OffersContext, None]) -> list[FollowUp]:
        rows = await follow_ups_of_meeting(info.context, self.row.region_ars).load(self.row.id)
        return [FollowUp.from_row(r) for r in rows]
