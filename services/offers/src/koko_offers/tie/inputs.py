"""Inputs of tie mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given
from koko_offers.tie.service import NewTie, TieChange

_CODES = ("kind", "membership_role")
_KIND = (
    "cooperation_agreement, referral, working_contact, funding or membership (TieKind, "
    "case-insensitive)."
)
_ROLE = "For a membership: member (default), chair or guest (MembershipRole)."


@strawberry.input(description="A new tie: actor to actor, or an actor's membership in a group.")
class TieCreateInput:
    kind: str = strawberry.field(description=_KIND)
    source_actor_id: strawberry.ID = strawberry.field(
        description="The actor the tie starts from (the member of a membership)."
    )
    target_actor_id: strawberry.ID | None = strawberry.field(
        default=None, description="The other actor; null for a membership."
    )
    working_group_id: strawberry.ID | None = strawberry.field(
        default=None, description="The group of a membership; null otherwise."
    )
    membership_role: str | None = strawberry.field(default=None, description=_ROLE)
    note: str | None = strawberry.field(default=None, description="A note, in German.")
    published: bool = strawberry.field(
        default=False, description="Shown to the public (coordinators only)."
    )
    valid_from: date = strawberry.field(description="First day of the tie.")
    valid_to: date | None = strawberry.field(
        default=None, description="Last day of the tie; null: ongoing."
    )

    def to_create(self) -> NewTie:
        return given(self, NewTie, codes=_CODES, required=("kind", "valid_from"))


@strawberry.input(description="Fields left out stay as they are; a tie's ends never change.")
class TieUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the tie to change.")
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    membership_role: str | None = strawberry.field(default=UNSET, description=_ROLE)
    note: str | None = strawberry.field(default=UNSET, description="A note, in German.")
    published: bool | None = strawberry.field(
        default=UNSET, description="Shown to the public (coordinators only)."
    )
    valid_from: date | None = strawberry.field(default=UNSET, description="First day of the tie.")
    valid_to: date | None = strawberry.field(
        default=UNSET, description="Last day of the tie (ends it); null: ongoing."
    )

    def to_change(self) -> TieChange:
        return given(self, TieChange, codes=_CODES, required=("valid_from", "published"))
