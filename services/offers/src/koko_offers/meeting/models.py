"""Meeting and follow-up tables."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import (
    created_at_column,
    text_array_column,
    timestamp_column,
    utcnow,
)

FOLLOW_UP_STATUSES = ("open", "in_progress", "done", "dropped")


class Meeting(OffersModel, table=True):
    __tablename__ = "meeting"

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    working_group_id: UUID = Field(foreign_key="working_group.id", index=True)
    region_ars: str = Field(sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False))
    meeting_date: date
    title: str = Field(max_length=300)
    # Participating actors (organisations, not people).
    participant_actor_ids: list[UUID] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(PG_UUID(as_uuid=True)), nullable=False, server_default="{}"),
    )
    topics: list[str] = Field(default_factory=list, sa_column=text_array_column())
    decisions: list[str] = Field(default_factory=list, sa_column=text_array_column())
    minutes: str | None = Field(default=None, max_length=20000)
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))


class FollowUp(OffersModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'in_progress', 'done', 'dropped')", name="status"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    meeting_id: UUID = Field(foreign_key="meeting.id", index=True)
    region_ars: str = Field(sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False))
    description: str = Field(max_length=1000)
    # The actor (an organisation) that takes it on.
    owner_actor_id: UUID = Field(foreign_key="actor.id", index=True)
    due_date: date
    status: str = Field(default="open", max_length=20)
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
