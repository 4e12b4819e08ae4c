"""Inputs of provider mutations."""

from __future__ import annotations

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given
from koko_offers.provider.service import NewProvider, ProviderChange

_KIND = "Kind of organization: vhs, free_provider, school, kita, chamber, jobcenter, ... "
_CODES = ("kind",)
_REQUIRED = ("name", "kind")


@strawberry.input(description="A new provider (Träger) in a region.")
class ProviderCreateInput:
    region_ars: str = strawberry.field(description="Regionalschlüssel of the provider's region.")
    name: str = strawberry.field(description="Name of the organization.")
    kind: str = strawberry.field(description=_KIND + "(ProviderKind, case-insensitive).")
    description: str | None = strawberry.field(
        default=None, description="What the organization does, in German."
    )
    bamf_provider_number: str | None = strawberry.field(
        default=None, description="Provider number of the BAMF (integration courses)."
    )
    kursnet_provider_id: str | None = strawberry.field(
        default=None,
        description="Provider id in KURSNET, the Federal Employment Agency's course database.",
    )
    website: str | None = strawberry.field(default=None, description="The organization's website.")
    email: str | None = strawberry.field(
        default=None, description="General contact e-mail address."
    )
    phone: str | None = strawberry.field(default=None, description="General contact phone number.")

    def to_create(self) -> NewProvider:
        return given(self, NewProvider, codes=_CODES, required=_REQUIRED)


@strawberry.input(description="Fields left out stay as they are.")
class ProviderUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the provider to change.")
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    major_edit: bool = strawberry.field(
        default=True,
        description="False for a minor edit (a typo): translations stay as they are.",
    )
    name: str | None = strawberry.field(default=UNSET, description="Name of the organization.")
    kind: str | None = strawberry.field(default=UNSET, description=_KIND)
    description: str | None = strawberry.field(
        default=UNSET, description="What the organization does, in German."
    )
    bamf_provider_number: str | None = strawberry.field(
        default=UNSET, description="Provider number of the BAMF (integration courses)."
    )
    kursnet_provider_id: str | None = strawberry.field(
        default=UNSET,
        description="Provider id in KURSNET, the Federal Employment Agency's course database.",
    )
    website: str | None = strawberry.field(default=UNSET, description="The organization's website.")
    email: str | None = strawberry.field(
        default=UNSET, description="General contact e-mail address."
    )
    phone: str | None = strawberry.field(default=UNSET, description="General contact phone number.")

    def to_change(self) -> ProviderChange:
        return given(self, ProviderChange, codes=_CODES, required=_REQUIRED)
