"""GraphQL type of locations: where an offer takes place and how to get there."""

from __future__ import annotations

from typing import Any, Self

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.location.models import Location as LocationRow
from koko_offers.offer.records import LocationRecord
from koko_offers.region.loaders import area_by_id
from koko_offers.region.types import Area
from koko_offers.translation.loaders import Localized, TranslationState, localized
from koko_shared.graphql.arguments import Lang
from koko_shared.graphql.ids import to_global_id


@strawberry.type(description="Opening hours on one ISO weekday (1 = Monday).")
class OpeningHours:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday ... 7 = Sunday.")
    opens: str = strawberry.field(description="Opening time, local time HH:MM.")
    closes: str = strawberry.field(description="Closing time, local time HH:MM.")

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Self:
        return cls(weekday=int(value["weekday"]), opens=value["opens"], closes=value["closes"])


@strawberry.type(description="An address where offers take place.")
class Location(Node):
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    name: str = strawberry.field(
        description="Name of the place, e.g. the building or the institution."
    )
    street: str | None = strawberry.field(
        description="Street and house number; null when not given."
    )
    postal_code: str | None = strawberry.field(
        description="Postal code (PLZ); null when not given."
    )
    city: str = strawberry.field(description="Town or city.")
    lat: float | None = strawberry.field(
        description="Latitude in decimal degrees (WGS 84); null when not known."
    )
    lon: float | None = strawberry.field(
        description="Longitude in decimal degrees (WGS 84); null when not known."
    )
    barrier_free: bool | None = strawberry.field(description="Null when not known.")
    appointment_only: bool = strawberry.field(description="Whether visits need an appointment.")
    row: strawberry.Private[LocationRow | LocationRecord]

    @strawberry.field(description="For optimistic locking of updates (`expectedVersion`).")
    def version(self) -> int:
        return self.row.version

    @classmethod
    def from_row(cls, row: LocationRow | LocationRecord) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Location", row.id)),
            name=row.name,
            street=row.street,
            postal_code=row.postal_code,
            city=row.city,
            lat=row.lat,
            lon=row.lon,
            barrier_free=row.barrier_free,
            appointment_only=row.appointment_only,
            row=row,
        )

    @strawberry.field(description="The area (Stadtteil, Sozialraum) the location lies in.")
    async def area(self, info: Info[OffersContext, None]) -> Area | None:
        if self.row.area_id is None:
            return None
        area = await area_by_id(info.context).load(self.row.area_id)
        return Area.from_row(area) if area else None

    async def _transit_note(
        self, info: Info[OffersContext, None], lang: str | None
    ) -> Localized | None:
        if self.row.transit_note is None:
            return None
        return await localized(
            info.context,
            entity="location",
            entity_id=self.row.id,
            field="transit_note",
            german=self.row.transit_note,
            lang=lang,
        )

    @strawberry.field(
        description="How to get there by public transport, in the asked language, else German "
        "(see `transitNoteTranslationState`)."
    )
    async def transit_note(self, info: Info[OffersContext, None], lang: Lang = None) -> str | None:
        text = await self._transit_note(info, lang)
        return text.text if text else None

    @strawberry.field(
        description="Whether `transitNote` is shown in the asked language; null without a note."
    )
    async def transit_note_translation_state(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> TranslationState | None:
        text = await self._transit_note(info, lang)
        return text.state if text else None

    @strawberry.field(description="When the place is open; one entry per weekday and time span.")
    def opening_hours(self) -> list[OpeningHours]:
        return [OpeningHours.from_json(v) for v in self.row.opening_hours]
