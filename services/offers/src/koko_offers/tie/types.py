"""GraphQL types of ties between actors and of memberships in working groups."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Self

import strawberry
from strawberry.types import Info

from koko_offers.actor.loaders import actor_by_id
from koko_offers.actor.types import Actor
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.tie.loaders import visible_tie_by_id
from koko_offers.tie.models import DIRECTED_KINDS
from koko_offers.tie.models import Tie as TieRow
from koko_offers.working_group.loaders import group_by_id
from koko_shared.graphql.ids import local_id, to_global_id
from koko_shared.graphql.named_types import NamedType

# A group lists its memberships, so its module imports this one: the group's type is named.
WORKING_GROUP = NamedType("WorkingGroup", "koko_offers.working_group.types")


@strawberry.enum(description="What kind of tie links two actors (or an actor to a group).")
class TieKind(Enum):
    COOPERATION_AGREEMENT = strawberry.enum_value(
        "cooperation_agreement", description="A cooperation agreement (Kooperationsvereinbarung)."
    )
    REFERRAL = strawberry.enum_value(
        "referral", description="The source refers people to the target (directed)."
    )
    WORKING_CONTACT = strawberry.enum_value(
        "working_contact", description="Regular working contact and exchange."
    )
    FUNDING = strawberry.enum_value(
        "funding", description="The source funds the target (directed)."
    )
    MEMBERSHIP = strawberry.enum_value(
        "membership", description="The source is a member of a working group or round table."
    )


@strawberry.enum(description="The role of a member in a working group.")
class MembershipRole(Enum):
    MEMBER = strawberry.enum_value("member", description="A member.")
    CHAIR = strawberry.enum_value("chair", description="Chairs or convenes the group.")
    GUEST = strawberry.enum_value("guest", description="A standing guest.")


@strawberry.type(description="A dated tie between two actors, or an actor's membership in a group.")
class Tie(Node):
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    kind: TieKind = strawberry.field(description="What kind of tie it is.")
    directed: bool = strawberry.field(
        description="True for referrals and funding (from source to target); others are mutual."
    )
    membership_role: MembershipRole | None = strawberry.field(
        description="The member's role; null for ties between actors."
    )
    note: str | None = strawberry.field(description="A note on the tie, in German.")
    published: bool = strawberry.field(description="Whether the public sees it.")
    valid_from: date = strawberry.field(description="First day of the tie.")
    valid_to: date | None = strawberry.field(description="Last day of the tie; null: ongoing.")
    version: int = strawberry.field(description="For optimistic locking of updates.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    row: strawberry.Private[TieRow]

    @classmethod
    def from_row(cls, row: TieRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Tie", row.id)),
            kind=TieKind(row.kind),
            directed=row.kind in DIRECTED_KINDS,
            membership_role=MembershipRole(row.membership_role) if row.membership_role else None,
            note=row.note,
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
        # Loaded by a dataloader: many representations of `_entities` cost one statement to read
        # the ties and one to ask `tie_scope` which of them the caller sees.
        row = await visible_tie_by_id(info.context).load(local_id(id, "Tie"))
        return cls.from_row(row) if row is not None else None

    # The ends and the group are read without a scope: a tie is only ever read through
    # `tie_scope`, which requires both its ends visible to the caller.
    @strawberry.field(description="The actor the tie starts from (the member of a membership).")
    async def source(self, info: Info[OffersContext, None]) -> Actor:
        row = await actor_by_id(info.context).load(self.row.source_actor_id)
        assert row is not None  # a foreign key
        return Actor.from_row(row)

    @strawberry.field(description="The other actor; null for a membership.")
    async def target(self, info: Info[OffersContext, None]) -> Actor | None:
        if self.row.target_actor_id is None:
            return None
        row = await actor_by_id(info.context).load(self.row.target_actor_id)
        return Actor.from_row(row) if row else None

    @strawberry.field(
        description="The group of a membership; null for ties between actors.",
        graphql_type=WORKING_GROUP.one,
    )
    async def working_group(self, info: Info[OffersContext, None]) -> object | None:
        if self.row.working_group_id is None:
            return None
        row = await group_by_id(info.context).load(self.row.working_group_id)
        return WORKING_GROUP.resolved().from_row(row) if row else None
