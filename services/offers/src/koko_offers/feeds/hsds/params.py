"""Query parameters of the HSDS endpoints, validated into one filter object (AND-combined)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from koko_offers.region.validation import validate_ars
from koko_shared.errors import InvalidInput

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
        raise InvalidInput(f"page must be between 1 and {MAX_PAGE}", field="page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"per_page must be between 1 and {MAX_PER_PAGE}", field="per_page")
    return page, per_page


def parse_modified_after(value: str | None) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(
            "modified_after must be an ISO 8601 date or date-time", field="modified_after"
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_uuid(value: str | None, field: str) -> UUID | None:
    if value is None or value == "":
        return None
    try:
        return UUID(value)
    except ValueError as exc:
        raise InvalidInput(f"{field} must be a UUID", field=field) from exc


_POSTCODE = re.compile(r"^[0-9]{5}$")


def parse_proximity(
    proximity: str | None, lat: float | None, lon: float | None, postcode: str | None
) -> tuple[Proximity | None, str | None]:
    """`proximity` is a radius in meters around `lat`/`lon` or around the centroid of `postcode`
    (HSDS); `postcode` alone restricts to that postcode."""
    if postcode is not None and not _POSTCODE.match(postcode):
        raise InvalidInput("postcode must have five digits", field="postcode")
    if proximity is None or proximity == "":
        if lat is not None or lon is not None:
            raise InvalidInput("lat and lon need a proximity in meters", field="proximity")
        return None, postcode
    try:
        meters = float(proximity)
    except ValueError as exc:
        raise InvalidInput("proximity must be a distance in meters", field="proximity") from exc
    if not 0 < meters <= MAX_PROXIMITY_METERS:
        raise InvalidInput(
            f"proximity must be between 0 and {MAX_PROXIMITY_METERS} meters", field="proximity"
        )
    if lat is None or lon is None:
        if postcode is None:
            raise InvalidInput("proximity needs lat and lon or a postcode", field="proximity")
        return Proximity(0.0, 0.0, meters), postcode
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput("lat/lon are out of range", field="lat")
    return Proximity(lat, lon, meters), None


def parse_search(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > MAX_SEARCH_LENGTH:
        raise InvalidInput(f"search must be at most {MAX_SEARCH_LENGTH} characters", field="search")
    return value.strip()


def parse_region(value: str | None) -> str | None:
    return validate_ars(value, field="region") if value else None


def service_filter(
    *,
    search: str | None,
    taxonomy_term_id: str | None,
    organization_id: str | None,
    modified_after: str | None,
    region: str | None,
    proximity: str | None,
    lat: float | None,
    lon: float | None,
    postcode: str | None,
) -> ServiceFilter:
    """The service filters as the query parameters give them, validated (HSDS `/services` and
    every feed with the same filters, e.g. GeoJSON)."""
    near, postcode = parse_proximity(proximity, lat, lon, postcode)
    return ServiceFilter(
        search=parse_search(search),
        taxonomy_term_id=taxonomy_term_id or None,
        organization_id=parse_uuid(organization_id, "organization_id"),
        modified_after=parse_modified_after(modified_after),
        region_ars=parse_region(region),
        proximity=near,
        postcode=postcode,
    )
