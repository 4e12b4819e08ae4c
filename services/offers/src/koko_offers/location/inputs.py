"""Inputs of location mutations."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given, is_given
from koko_offers.location.service import EDITABLE, AreaChoice

_REQUIRED = ("name", "city", "appointment_only")


@strawberry.input(description="Opening hours on one ISO weekday (1 = Monday), local time HH:MM.")
class OpeningHoursInput:
    weekday: int
    opens: str
    closes: str


def _hours(hours: list[OpeningHoursInput] | None) -> list[dict[str, Any]] | None:
    if hours is None:
        return None
    return [{"weekday": h.weekday, "opens": h.opens, "closes": h.closes} for h in hours]


@strawberry.input
class LocationCreateInput:
    provider_id: strawberry.ID
    region_ars: str | None = strawberry.field(
        default=None,
        description="A region inside the provider's (e.g. a municipality); default: the "
        "provider's region.",
    )
    area_code: str | None = strawberry.field(
        default=None, description="Code of the area (Stadtteil / Sozialraum) in the region."
    )
    name: str
    street: str | None = None
    postal_code: str | None = None
    city: str
    lat: float | None = None
    lon: float | None = None
    barrier_free: bool | None = None
    transit_note: str | None = None
    opening_hours: list[OpeningHoursInput] = strawberry.field(default_factory=list)
    appointment_only: bool = False

    def values(self) -> dict[str, Any]:
        values = given(self, [n for n in EDITABLE if n != "opening_hours"], required=_REQUIRED)
        values["opening_hours"] = _hours(self.opening_hours) or []
        return values

    def area(self) -> AreaChoice | None:
        return AreaChoice(self.area_code) if self.area_code is not None else None


@strawberry.input(description="Fields left out stay as they are.")
class LocationUpdateInput:
    id: strawberry.ID
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    major_edit: bool = strawberry.field(
        default=True,
        description="False for a minor edit (a typo): translations stay as they are.",
    )
    area_code: str | None = strawberry.field(
        default=UNSET, description="Code of the area; null removes it."
    )
    name: str | None = UNSET
    street: str | None = UNSET
    postal_code: str | None = UNSET
    city: str | None = UNSET
    lat: float | None = UNSET
    lon: float | None = UNSET
    barrier_free: bool | None = UNSET
    transit_note: str | None = UNSET
    opening_hours: list[OpeningHoursInput] | None = UNSET
    appointment_only: bool | None = UNSET

    def values(self) -> dict[str, Any]:
        values = given(self, [n for n in EDITABLE if n != "opening_hours"], required=_REQUIRED)
        if is_given(self.opening_hours):
            values["opening_hours"] = _hours(self.opening_hours) or []
        return values

    def area(self) -> AreaChoice | None:
        return AreaChoice(self.area_code) if is_given(self.area_code) else None
