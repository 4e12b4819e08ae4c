"""Query parameters of the HSDS endpoints, validated into one filter object (AND-combined)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import Path, Query

from koko_offers.region.validation import validate_ars
from koko_shared.errors import InvalidInput
from koko_shared.http.parameters import ARS, POSTCODE, documented, matches, whole
from koko_shared.http.parameters import UUID as UUID_PATTERN

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# Beyond any real catalogue (10 million rows at 100 a page); keeps OFFSET far from overflowing.
MAX_PAGE = 100_000
MAX_SEARCH_LENGTH = 200
MAX_PROXIMITY_METERS = 500_000


@dataclass(frozen=True, slots=True)
class Proximity:
    lat: float
    lon: float
    meters: float


@dataclass(frozen=True, slots=True)
class ServiceFilter:
    """Every filter an HSDS client may combine; None means "no restriction"."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    organization_id: UUID | None = None
    modified_after: datetime | None = None
    region_ars: str | None = None
    proximity: Proximity | None = None
    postcode: str | None = None


def page_params(page: int | None, per_page: int | None) -> tuple[int, int]:
    page = 1 if page is None else page
    per_page = DEFAULT_PER_PAGE if per_page is None else per_page
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput(
            "page must be between 1 and {limit}", field="page", params={"limit": MAX_PAGE}
        )
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(
            "per_page must be between 1 and {limit}",
            field="per_page",
            params={"limit": MAX_PER_PAGE},
        )
    return page, per_page


def parse_modified_after(value: str | None) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(
            "modified_after must be an ISO 8601 date or date-time", field="modified_after"
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_uuid(value: str | None, field: str) -> UUID | None:
    if value is None or value == "":
        return None
    if not matches(UUID_PATTERN, value):
        raise InvalidInput("{field} must be a UUID", field=field, params={"field": field})
    return UUID(value)


def parse_proximity(
    proximity: float | None, lat: float | None, lon: float | None, postcode: str | None
) -> tuple[Proximity | None, str | None]:
    """`proximity` is a radius in meters around `lat` and `lon` or around the centroid of
    `postcode` (HSDS); `postcode` alone restricts to that postcode. Each parameter is checked on
    its own (the OpenAPI document states every rule); a radius without a centre, or a centre
    without a radius, restricts nothing."""
    postcode = postcode or None
    if postcode is not None and not matches(POSTCODE, postcode):
        raise InvalidInput("postcode must have five digits", field="postcode")
    if proximity is not None and not 0 < proximity <= MAX_PROXIMITY_METERS:
        raise InvalidInput(
            "proximity must be between 0 and {limit} meters",
            field="proximity",
            params={"limit": MAX_PROXIMITY_METERS},
        )
    if lat is not None and not -90 <= lat <= 90:
        raise InvalidInput("lat must be between -90 and 90", field="lat")
    if lon is not None and not -180 <= lon <= 180:
        raise InvalidInput("lon must be between -180 and 180", field="lon")
    if proximity is None:
        return None, postcode
    if lat is not None and lon is not None:
        return Proximity(lat, lon, proximity), None
    if postcode is not None:
        return Proximity(0.0, 0.0, proximity), postcode
    return None, postcode


# The filters every service list shares (HSDS `/services`, GeoJSON), as the schema states them.
ModifiedAfter = Annotated[
    str | None,
    documented(
        "Only what changed after this RFC 3339 date-time (or ISO date).",
        anyOf=[
            {"type": "string", "format": "date-time"},
            {"type": "string", "format": "date"},
            {"type": "string", "enum": [""]},
            {"type": "null"},
        ],
    ),
]
TaxonomyTermId = Annotated[
    str | None,
    documented("A taxonomy term id (category or course type).", max_length=MAX_SEARCH_LENGTH),
]
OrganizationId = Annotated[
    str | None, documented("An organization id (UUID).", pattern=UUID_PATTERN, empty=True)
]
OptionalId = Annotated[str | None, documented("An id (UUID).", pattern=UUID_PATTERN, empty=True)]
Search = Annotated[
    str | None, documented("Words to look for in titles and texts.", max_length=MAX_SEARCH_LENGTH)
]
ProximityMeters = Annotated[
    float | None,
    Query(
        gt=0,
        le=MAX_PROXIMITY_METERS,
        description="Radius in meters around `lat` and `lon` (both) or the centroid of "
        "`postcode`; without a centre it restricts nothing.",
    ),
]
Latitude = Annotated[
    float | None, Query(ge=-90, le=90, description="Latitude of the centre (with `proximity`).")
]
Longitude = Annotated[
    float | None, Query(ge=-180, le=180, description="Longitude of the centre (with `proximity`).")
]
RequiredRegion = Annotated[
    str, documented("Regionalschlüssel (12 digits, state 01-16).", pattern=ARS)
]
Format = Annotated[
    str | None,
    documented("json (pages) or ndjson (one stream).", enum=["json", "ndjson"], empty=True),
]
# Path ids: a UUID, else 404 (the same answer as an unknown one).
IdPath = Annotated[
    str, Path(description="The id (UUID).", json_schema_extra={"pattern": whole(UUID_PATTERN)})
]
Postcode = Annotated[
    str | None, documented("A German postcode (five digits).", pattern=POSTCODE, empty=True)
]
Region = Annotated[
    str | None,
    documented("Regionalschlüssel (12 digits, state 01-16).", pattern=ARS, empty=True),
]


def parse_search(value: str | None) -> str | None:
    if value is not None and len(value) > MAX_SEARCH_LENGTH:
        raise InvalidInput(
            "search must be at most {limit} characters",
            field="search",
            params={"limit": MAX_SEARCH_LENGTH},
        )
    if value is None or not value.strip():
        return None
    return value.strip()


def parse_term(value: str | None) -> str | None:
    if value is not None and len(value) > MAX_SEARCH_LENGTH:
        raise InvalidInput(
            "taxonomy_term_id must be at most {limit} characters",
            params={"limit": MAX_SEARCH_LENGTH},
            field="taxonomy_term_id",
        )
    return value or None


def parse_region(value: str | None) -> str | None:
    return validate_ars(value, field="region") if value else None


def service_filter(
    *,
    search: str | None,
    taxonomy_term_id: str | None,
    organization_id: str | None,
    modified_after: str | None,
    region: str | None,
    proximity: float | None,
    lat: float | None,
    lon: float | None,
    postcode: str | None,
) -> ServiceFilter:
    """The service filters as the query parameters give them, validated (HSDS `/services` and
    every feed with the same filters, e.g. GeoJSON)."""
    near, postcode = parse_proximity(proximity, lat, lon, postcode)
    return ServiceFilter(
        search=parse_search(search),
        taxonomy_term_id=parse_term(taxonomy_term_id),
        organization_id=parse_uuid(organization_id, "organization_id"),
        modified_after=parse_modified_after(modified_after),
        region_ars=parse_region(region),
        proximity=near,
        postcode=postcode,
    )
