"""Inputs of provider mutations."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given
from koko_offers.provider.service import EDITABLE

_KIND = "Kind of organization: vhs, free_provider, school, kita, chamber, jobcenter, ... "
_CODES = ("kind",)
_REQUIRED = ("name", "kind")


@strawberry.input
class ProviderCreateInput:
    region_ars: str = strawberry.field(description="Regionalschlüssel of the provider's region.")
    name: str
    kind: str = strawberry.field(description=_KIND + "(ProviderKind, case-insensitive).")
    description: str | None = None
    bamf_provider_number: str | None = None
    kursnet_provider_id: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None

    def values(self) -> dict[str, Any]:
        return given(self, EDITABLE, codes=_CODES, required=_REQUIRED)


@strawberry.input(description="Fields left out stay as they are.")
class ProviderUpdateInput:
    id: strawberry.ID
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    major_edit: bool = strawberry.field(
        default=True,
        description="False for a minor edit (a typo): translations stay as they are.",
    )
    name: str | None = UNSET
    kind: str | None = strawberry.field(default=UNSET, description=_KIND)
    description: str | None = UNSET
    bamf_provider_number: str | None = UNSET
    kursnet_provider_id: str | None = UNSET
    website: str | None = UNSET
    email: str | None = UNSET
    phone: str | None = UNSET

    def values(self) -> dict[str, Any]:
        return given(self, EDITABLE, codes=_CODES, required=_REQUIRED)
