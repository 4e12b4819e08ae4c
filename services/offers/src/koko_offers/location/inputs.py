"""Inputs of location mutations."""

from __future__ import annotations

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given, is_given
from koko_offers.location.service import AreaChoice, LocationChange, NewLocation, OpeningHours

_REQUIRED = ("name", "city", "appointment_only")


@strawberry.input(description="Opening hours on one ISO weekday (1 = Monday), local time HH:MM.")
class OpeningHoursInput:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday ... 7 = Sunday.")
    opens: str = strawberry.field(description="Opening time, local time HH:MM.")
    closes: str = strawberry.field(description="Closing time, local time HH:MM.")


def _hours(hours: list[OpeningHoursInput] | None) -> list[OpeningHours]:
    return [OpeningHours(h.weekday, h.opens, h.closes) for h in hours or []]


@strawberry.input(description="A new place where offers take place.")
class LocationCreateInput:
    provider_id: strawberry.ID = strawberry.field(
        description="Id of the provider the location belongs to."
    )
    region_ars: str | None = strawberry.field(
        default=None,
        description="A region inside the provider's (e.g. a municipality); default: the "
        "provider's region.",
    )
    area_code: str | None = strawberry.field(
        default=None, description="Code of the area (Stadtteil / Sozialraum) in the region."
    )
    name: str = strawberry.field(
        description="Name of the place, e.g. the building or the institution."
    )
    street: str | None = strawberry.field(default=None, description="Street and house number.")
    postal_code: str | None = strawberry.field(default=None, description="Postal code (PLZ).")
    city: str = strawberry.field(description="Town or city.")
    lat: float | None = strawberry.field(
        default=None, description="Latitude in decimal degrees (WGS 84)."
    )
    lon: float | None = strawberry.field(
        default=None, description="Longitude in decimal degrees (WGS 84)."
    )
    barrier_free: bool | None = strawberry.field(
        default=None, description="Whether the place is accessible without steps; null: not known."
    )
    transit_note: str | None = strawberry.field(
        default=None, description="How to get there by public transport, in German."
    )
    opening_hours: list[OpeningHoursInput] = strawberry.field(
        default_factory=list,
        description="When the place is open; one entry per weekday and time span.",
    )
    appointment_only: bool = strawberry.field(
        default=False, description="Whether visits need an appointment."
    )

    def to_create(self) -> NewLocation:
        hours = {"opening_hours": _hours(self.opening_hours)}
        return given(self, NewLocation, required=_REQUIRED, extra=hours)

    def area(self) -> AreaChoice | None:
        return AreaChoice(self.area_code) if self.area_code is not None else None


@strawberry.input(description="Fields left out stay as they are.")
class LocationUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the location to change.")
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
    name: str | None = strawberry.field(
        default=UNSET, description="Name of the place, e.g. the building or the institution."
    )
    street: str | None = strawberry.field(default=UNSET, description="Street and house number.")
    postal_code: str | None = strawberry.field(default=UNSET, description="Postal code (PLZ).")
    city: str | None = strawberry.field(default=UNSET, description="Town or city.")
    lat: float | None = strawberry.field(
        default=UNSET, description="Latitude in decimal degrees (WGS 84)."
    )
    lon: float | None = strawberry.field(
        default=UNSET, description="Longitude in decimal degrees (WGS 84)."
    )
    barrier_free: bool | None = strawberry.field(
        default=UNSET, description="Whether the place is accessible without steps; null: not known."
    )
    transit_note: str | None = strawberry.field(
        default=UNSET, description="How to get there by public transport, in German."
    )
    opening_hours: list[OpeningHoursInput] | None = strawberry.field(
        default=UNSET, description="When the place is open; one entry per weekday and time span."
    )
    appointment_only: bool | None = strawberry.field(
        default=UNSET, description="Whether visits need an appointment."
    )

    def to_change(self) -> LocationChange:
        hours = (
            {"opening_hours": _hours(self.opening_hours)} if is_given(self.opening_hours) else {}
        )
        return given(self, LocationChange, required=_REQUIRED, extra=hours)

    def area(self) -> AreaChoice | None:
        return AreaChoice(self.area_code) if is_given(self.area_code) else None
