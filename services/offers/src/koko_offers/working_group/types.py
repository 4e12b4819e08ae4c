"""GraphQL types of working groups and round tables; their meetings are shown only to the
region's coordinators and to the providers whose actor is a member."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Self

import strawberry
from strawberry.types import Info

from koko_offers.actor.loaders import visible_actor_by_id
from koko_offers.actor.types import Actor
from koko_offers.field_of_action.loaders import field_of_action_by_code
from koko_offers.field_of_action.types import FieldOfAction
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.meeting import repository as meeting_repository
from koko_offers.meeting.loaders import may_read_minutes
from koko_offers.meeting.types import Meeting
from koko_offers.tie.loaders import memberships_of_group
from koko_offers.tie.types import Tie
from koko_offers.working_group.loaders import visible_group_by_id
from koko_offers.working_group.models import WorkingGroup as WorkingGroupRow
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.graphql.ids import local_id, to_global_id
from koko_shared.pagination import page_request


@strawberry.enum(description="What kind of group actors meet in.")
class WorkingGroupKind(Enum):
    NETWORK = strawberry.enum_value(
        "network", description="A network with working groups (Netzwerk)."
    )
    WORKING_GROUP = strawberry.enum_value("working_group", description="Working group (AG).")
    ROUND_TABLE = strawberry.enum_value("round_table", description="Round table (Runder Tisch).")
    STEERING_GROUP = strawberry.enum_value(
        "steering_group", description="Steering group (Steuerungsgruppe)."
    )


@strawberry.type(description="A working group, round table, steering group or network.")
class WorkingGroup(Node):
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    region_ars: str = strawberry.field(description="Regionalschlüssel of its network's region.")
    kind: WorkingGroupKind = strawberry.field(description="What kind of group it is.")
    name: str = strawberry.field(description="Its name, e.g. 'AG Sprache'.")
    purpose: str | None = strawberry.field(description="What it is for, in German.")
    field_of_action_codes: list[str] = strawberry.field(
        description="Codes of its fields of action."
    )
    published: bool = strawberry.field(description="Whether the public sees it.")
    valid_from: date | None = strawberry.field(description="When it was founded; null: unknown.")
    valid_to: date | None = strawberry.field(description="When it ended; null: still meets.")
    version: int = strawberry.field(description="For optimistic locking of updates.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    row: strawberry.Private[WorkingGroupRow]

    @classmethod
    def from_row(cls, row: WorkingGroupRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("WorkingGroup", row.id)),
            region_ars=row.region_ars,
            kind=WorkingGroupKind(row.kind),
            name=row.name,
            purpose=row.purpose,
            field_of_action_codes=list(row.fields_of_action),
            published=row.published,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            version=row.version,
            updated_at=row.updated_at,
            row=row,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info[OffersContext, None], id: strawberry.ID
    ) -> Self | None:
        row = await visible_group_by_id(info.context).load(local_id(id, "WorkingGroup"))
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="Its fields of action with their labels.")
    async def fields_of_action(self, info: Info[OffersContext, None]) -> list[FieldOfAction]:
        rows = await field_of_action_by_code(info.context).load_many(self.row.fields_of_action)
        return [FieldOfAction.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The network or group it belongs to, when you may see it.")
    async def parent_group(self, info: Info[OffersContext, None]) -> WorkingGroup | None:
        if self.row.parent_group_id is None:
            return None
        row = await visible_group_by_id(info.context).load(self.row.parent_group_id)
        return WorkingGroup.from_row(row) if row is not None else None

    @strawberry.field(description="The actor that convenes it, when you may see it.")
    async def convenor(self, info: Info[OffersContext, None]) -> Actor | None:
        if self.row.convenor_actor_id is None:
            return None
        row = await visible_actor_by_id(info.context).load(self.row.convenor_actor_id)
        return Actor.from_row(row) if row is not None else None

    @strawberry.field(description="Its memberships that you may see, oldest first.")
    async def memberships(
        self,
        info: Info[OffersContext, None],
        valid_on: Annotated[
            date | None,
            strawberry.argument(description="Only memberships valid on this day; null: all."),
        ] = None,
    ) -> list[Tie]:
        rows = await memberships_of_group(info.context, self.row.region_ars).load(self.row.id)
        return [Tie.from_row(r) for r in rows if valid_on is None or r.is_valid_on(valid_on)]

    @strawberry.field(
        description="Its meetings, latest first; null unless you coordinate the region or your "
        "organization is a member (minutes are never public)."
    )
    async def meetings(
        self,
        info: Info[OffersContext, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Meeting] | None:
        request = page_request(first, after, last, before)
        if not await may_read_minutes(info.context, self.row):
            return None
        page = await meeting_repository.page_of_group(info.context.session, self.row.id, request)
        return Connection.of(page, Meeting.from_row)
