"""Inputs of meeting and follow-up mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given
from koko_offers.meeting.service import (
    FOLLOW_UP_EDITABLE,
    FollowUpChange,
    MeetingChange,
    NewFollowUp,
    NewMeeting,
)

_MEETING_REQUIRED = ("meeting_date", "title", "participant_actor_ids", "topics", "decisions")
_STATUS = "open, in_progress, done or dropped (FollowUpStatus, case-insensitive)."
_PARTICIPANTS = {"participant_actor_ids": "Actor"}
_OWNER = {"owner_actor_id": "Actor"}


@strawberry.input(description="A new meeting of a working group or round table.")
class MeetingCreateInput:
    working_group_id: strawberry.ID = strawberry.field(description="The group that met.")
    meeting_date: date = strawberry.field(description="When it took place.")
    title: str = strawberry.field(description="Its title.")
    participant_actor_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="The actors (organizations) that took part."
    )
    topics: list[str] = strawberry.field(default_factory=list, description="Topics discussed.")
    decisions: list[str] = strawberry.field(default_factory=list, description="Decisions taken.")
    minutes: str | None = strawberry.field(default=None, description="The minutes, in German.")

    def to_create(self) -> NewMeeting:
        return given(self, NewMeeting, required=_MEETING_REQUIRED, ids=_PARTICIPANTS)


@strawberry.input(description="Fields left out stay as they are.")
class MeetingUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the meeting to change.")
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    meeting_date: date | None = strawberry.field(default=UNSET, description="When it took place.")
    title: str | None = strawberry.field(default=UNSET, description="Its title.")
    participant_actor_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="The actors that took part (replaces the list)."
    )
    topics: list[str] | None = strawberry.field(default=UNSET, description="Topics discussed.")
    decisions: list[str] | None = strawberry.field(default=UNSET, description="Decisions taken.")
    minutes: str | None = strawberry.field(default=UNSET, description="The minutes.")

    def to_change(self) -> MeetingChange:
        return given(self, MeetingChange, required=_MEETING_REQUIRED, ids=_PARTICIPANTS)


@strawberry.input(description="A new follow-up agreed in a meeting.")
class FollowUpCreateInput:
    meeting_id: strawberry.ID = strawberry.field(description="The meeting it was agreed in.")
    description: str = strawberry.field(description="What is to be done, in German.")
    owner_actor_id: strawberry.ID = strawberry.field(description="The actor that takes it on.")
    due_date: date = strawberry.field(description="By when.")
    status: str = strawberry.field(default="open", description=_STATUS)

    def to_create(self) -> NewFollowUp:
        return given(self, NewFollowUp, codes=("status",), required=FOLLOW_UP_EDITABLE, ids=_OWNER)


@strawberry.input(description="Fields left out stay as they are; an owner may change `status`.")
class FollowUpUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the follow-up to change.")
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    description: str | None = strawberry.field(default=UNSET, description="What is to be done.")
    owner_actor_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The actor that takes it on."
    )
    due_date: date | None = strawberry.field(default=UNSET, description="By when.")
    status: str | None = strawberry.field(default=UNSET, description=_STATUS)

    def to_change(self) -> FollowUpChange:
        return given(
            self, FollowUpChange, codes=("status",), required=FOLLOW_UP_EDITABLE, ids=_OWNER
        )
