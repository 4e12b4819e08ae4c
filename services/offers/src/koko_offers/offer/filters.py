"""GraphQL inputs of the `offers` query: the filter and its parts (date window, circle)."""

from __future__ import annotations

from datetime import date

import strawberry

from koko_offers.course_type.types import CefrLevel
from koko_offers.offer.types import OfferStatus, TargetGroup
from koko_shared.graphql.input_builders import build_directly


@strawberry.input(description="A range of days; both ends inclusive.")
class DateWindow:
    from_: date | None = strawberry.field(
        name="from", default=None, description="First day, inclusive; null: no start."
    )
    to: date | None = strawberry.field(
        default=None, description="Last day, inclusive; null: no end."
    )


@strawberry.input(
    description="A circle around a point (`lat` and `lon`) or around a postcode (its centre, as "
    "the HSDS feed's `proximity` uses it); `radiusKm` at most 200."
)
class GeoCircleInput:
    lat: float | None = strawberry.field(
        default=None, description="Latitude of the centre in decimal degrees (WGS 84)."
    )
    lon: float | None = strawberry.field(
        default=None, description="Longitude of the centre in decimal degrees (WGS 84)."
    )
    postcode: str | None = strawberry.field(
        default=None,
        description="A German postcode (five digits) instead of `lat`/`lon`: the centre is the "
        "mean position of the catalogue's locations with that postcode.",
    )
    radius_km: float = strawberry.field(description="Radius in kilometres, at most 200.")


@strawberry.input(description="Every field narrows the result; lists match any of their values.")
class OfferFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Words in title, description, category, course type, provider or any "
        "translation; German stems, word beginnings, parts of compound words and small typos "
        "match.",
    )
    categories: list[str] | None = strawberry.field(
        default=None, description="Category codes; a category includes its subcategories."
    )
    course_types: list[str] | None = strawberry.field(
        default=None, description="Course type codes."
    )
    levels: list[CefrLevel] | None = strawberry.field(
        default=None, description="CEFR level the course leads to."
    )
    region_ars: str | None = strawberry.field(
        default=None, description="The region and every region inside it."
    )
    areas: list[str] | None = strawberry.field(
        default=None, description="Area codes (Stadtteil) of the offer's location."
    )
    postcodes: list[str] | None = strawberry.field(
        default=None, description="Postcodes (five digits) of the offer's location."
    )
    starts_between: DateWindow | None = strawberry.field(
        default=None, description="Offers with a run starting in this window."
    )
    has_free_seats: bool | None = strawberry.field(
        default=None,
        description="Offers with a run that accepts registrations and has free seats (in the "
        "`startsBetween` window, when given).",
    )
    childcare: bool | None = strawberry.field(
        default=None, description="Only offers with (true) or without (false) childcare."
    )
    target_groups: list[TargetGroup] | None = strawberry.field(
        default=None, description="Offers aimed at any of these groups."
    )
    languages: list[str] | None = strawberry.field(
        default=None, description="Language of instruction or of support (BCP-47)."
    )
    providers: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Offers of any of these providers (global ids)."
    )
    near: GeoCircleInput | None = strawberry.field(
        default=None,
        description="Offers at a location within this circle; enables `orderBy: DISTANCE`.",
    )
    status: list[OfferStatus] | None = strawberry.field(
        default=None,
        description="Default PUBLISHED. Drafts and archived offers only show to the region's "
        "coordinators and to their provider.",
    )


# Built from the GraphQL value in one step instead of field by field (koko_shared.graphql.
# input_builders): the filter of every `offers` request.
for _input in (OfferFilter, DateWindow, GeoCircleInput):
    build_directly(_input)
