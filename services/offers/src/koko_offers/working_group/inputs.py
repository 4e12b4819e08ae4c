"""Inputs of working group mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given
from koko_offers.working_group.service import NewWorkingGroup, WorkingGroupChange

_CODES = ("kind",)
_REQUIRED = ("kind", "name", "fields_of_action", "published")
_KIND = "network, working_group, round_table or steering_group (case-insensitive)."
_IDS = {"parent_group_id": "WorkingGroup", "convenor_actor_id": "Actor"}


@strawberry.input(description="A new working group, round table, steering group or network.")
class WorkingGroupCreateInput:
    region_ars: str = strawberry.field(description="Regionalschlüssel of the network's region.")
    kind: str = strawberry.field(description=_KIND)
    name: str = strawberry.field(description="Its name, e.g. 'AG Sprache'.")
    purpose: str | None = strawberry.field(default=None, description="What it is for.")
    fields_of_action: list[str] = strawberry.field(
        default_factory=list, description="Codes of its fields of action."
    )
    parent_group_id: strawberry.ID | None = strawberry.field(
        default=None, description="The network or group it belongs to."
    )
    convenor_actor_id: strawberry.ID | None = strawberry.field(
        default=None, description="The actor that convenes it."
    )
    published: bool = strawberry.field(default=False, description="Shown to the public.")
    valid_from: date | None = strawberry.field(default=None, description="When it was founded.")
    valid_to: date | None = strawberry.field(default=None, description="When it ended.")

    def to_create(self) -> NewWorkingGroup:
        return given(self, NewWorkingGroup, codes=_CODES, required=_REQUIRED, ids=_IDS)


@strawberry.input(description="Fields left out stay as they are.")
class WorkingGroupUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the group to change.")
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    kind: str | None = strawberry.field(default=UNSET, description=_KIND)
    name: str | None = strawberry.field(default=UNSET, description="Its name.")
    purpose: str | None = strawberry.field(default=UNSET, description="What it is for.")
    fields_of_action: list[str] | None = strawberry.field(
        default=UNSET, description="Codes of its fields of action."
    )
    parent_group_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The network or group it belongs to; null: none."
    )
    convenor_actor_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The actor that convenes it; null: none."
    )
    published: bool | None = strawberry.field(default=UNSET, description="Shown to the public.")
    valid_from: date | None = strawberry.field(default=UNSET, description="When it was founded.")
    valid_to: date | None = strawberry.field(default=UNSET, description="When it ended.")

    def to_change(self) -> WorkingGroupChange:
        return given(self, WorkingGroupChange, codes=_CODES, required=_REQUIRED, ids=_IDS)
