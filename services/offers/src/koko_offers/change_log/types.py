"""GraphQL type of change log entries."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Self

import strawberry
from strawberry.scalars import JSON

from koko_offers.change_log.models import ChangeLogEntry as ChangeLogEntryRow
from koko_shared.graphql.ids import to_global_id


@strawberry.enum(description="Kinds of records the change log covers.")
class ChangeLogEntity(Enum):
    OFFER = strawberry.enum_value("offer", description="An offer (`Offer`).")
    PROVIDER = strawberry.enum_value("provider", description="A provider (`Provider`).")
    LOCATION = strawberry.enum_value("location", description="A location (`Location`).")
    COURSE_RUN = strawberry.enum_value("course_run", description="A course run (`CourseRun`).")
    PATHWAY = strawberry.enum_value("pathway", description="A pathway (`Pathway`).")
    PATHWAY_STEP = strawberry.enum_value(
        "pathway_step", description="A step of a pathway (`PathwayStep`)."
    )
    ACTOR = strawberry.enum_value("actor", description="An actor of the network (`Actor`).")
    TIE = strawberry.enum_value("tie", description="A tie or membership (`Tie`).")
    WORKING_GROUP = strawberry.enum_value(
        "working_group", description="A working group or round table (`WorkingGroup`)."
    )
    MEETING = strawberry.enum_value("meeting", description="A meeting of a group (`Meeting`).")
    FOLLOW_UP = strawberry.enum_value("follow_up", description="A follow-up (`FollowUp`).")


# ChangeLogEntity -> the GraphQL type of its global ids
TYPE_OF_ENTITY = {
    "offer": "Offer",
    "provider": "Provider",
    "location": "Location",
    "course_run": "CourseRun",
    "pathway": "Pathway",
    "pathway_step": "PathwayStep",
    "actor": "Actor",
    "tie": "Tie",
    "working_group": "WorkingGroup",
    "meeting": "Meeting",
    "follow_up": "FollowUp",
}


@strawberry.type(description="Who changed what and when.")
class ChangeLogEntry:
    occurred_at: datetime = strawberry.field(description="When the change was made.")
    actor_subject: str = strawberry.field(description="Subject of the actor who made the change.")
    entity: ChangeLogEntity = strawberry.field(description="Kind of record changed.")
    entity_id: strawberry.ID = strawberry.field(description="Global id of the record changed.")
    action: str = strawberry.field(
        description="created, updated, confirmed, published, archived, seats_updated, "
        "cancelled, translated."
    )
    changes: JSON = strawberry.field(description='{"field": [old, new]} of what changed.')
    version: int | None = strawberry.field(description="The record's version after the change.")

    @classmethod
    def from_row(cls, row: ChangeLogEntryRow) -> Self:
        assert row.occurred_at is not None
        return cls(
            occurred_at=row.occurred_at,
            actor_subject=row.actor_subject,
            entity=ChangeLogEntity(row.entity),
            entity_id=strawberry.ID(to_global_id(TYPE_OF_ENTITY[row.entity], row.entity_id)),
            action=row.action,
            changes=JSON(row.changes),
            version=row.version,
        )
