"""Rules of writing locations: a provider keeps the places of its own organization, a coordinator
every place in its region. Never commits: the request owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.change_log import service as change_log
from koko_offers.errors import Violations, invalid, not_found
from koko_offers.location import repository
from koko_offers.location.models import Location
from koko_offers.provider import repository as provider_repository
from koko_offers.region import repository as region_repository
from koko_offers.validation import (
    check_ars,
    check_coordinates,
    check_lengths,
    check_postal_code,
    check_time_slots,
)
from koko_shared.auth.actor import Actor, ars_covers

EDITABLE = (
    "name",
    "street",
    "postal_code",
    "city",
    "lat",
    "lon",
    "barrier_free",
    "transit_note",
    "opening_hours",
    "appointment_only",
)


@dataclass(frozen=True, slots=True)
class AreaChoice:
    """The area (Stadtteil / Sozialraum) of a location by its code; `code` None clears it."""

    code: str | None


def _check(problems: Violations, values: dict[str, Any], lat_lon: tuple[Any, Any]) -> None:
    check_lengths(problems, Location, values)
    check_postal_code(problems, "postalCode", values.get("postal_code"))
    if "lat" in values or "lon" in values:
        check_coordinates(problems, *lat_lon)
    if "opening_hours" in values:
        check_time_slots(problems, "openingHours", values["opening_hours"], "opens", "closes")


async def _area_id(
    session: AsyncSession, region_ars: str, area: AreaChoice | None
) -> dict[str, Any]:
    if area is None:
        return {}
    if area.code is None:
        return {"area_id": None}
    found = await region_repository.area_by_code(session, region_ars, area.code)
    if found is None:
        raise invalid("areaCode", "unknown_area", value=area.code[:40])
    return {"area_id": found.id}


async def create(
    session: AsyncSession,
    actor: Actor,
    *,
    provider_id: UUID,
    region_ars: str | None,
    area: AreaChoice | None,
    values: dict[str, Any],
) -> Location:
    """A new place of `provider_id`, in the provider's region unless `region_ars` names a
    region inside it (a municipality of a district)."""
    problems = Violations()
    check_ars(problems, "regionArs", region_ars)
    _check(problems, values, (values.get("lat"), values.get("lon")))
    problems.raise_if_any()
    provider = await provider_repository.get(session, provider_id)
    if provider is None:
        raise not_found("providerId", "Provider", provider_id)
    region_ars = region_ars or provider.region_ars
    authorization.require_provider_or_coordinator(actor, region_ars, provider.id)
    if not ars_covers(provider.region_ars, region_ars):
        raise invalid("regionArs", "region_outside", value=region_ars, parent=provider.region_ars)
    if await region_repository.get(session, region_ars) is None:
        raise not_found("regionArs", "Region", region_ars)
    values = {**values, **await _area_id(session, region_ars, area)}

    location = await repository.save(
        session, Location(provider_id=provider.id, region_ars=region_ars, **values)
    )
    await change_log.record(
        session,
        actor,
        entity="location",
        entity_id=location.id,
        action="created",
        region_ars=location.region_ars,
        changes=change_log.diff(
            {}, {"provider_id": provider.id, "region_ars": region_ars, **values}
        ),
        version=location.version,
    )
    return location


async def update(
    session: AsyncSession,
    actor: Actor,
    *,
    location_id: UUID,
    expected_version: int,
    area: AreaChoice | None,
    values: dict[str, Any],
    major_edit: bool = True,
) -> Location:
    problems = Violations()
    check_lengths(problems, Location, values)
    problems.raise_if_any()
    location = await repository.lock(session, location_id)
    if location is None:
        raise not_found("id", "Location", location_id)
    authorization.require_provider_or_coordinator(actor, location.region_ars, location.provider_id)
    writes.check_version(location, expected_version)
    _check(
        problems,
        values,
        (values.get("lat", location.lat), values.get("lon", location.lon)),
    )
    problems.raise_if_any()
    values = {**values, **await _area_id(session, location.region_ars, area)}

    changes = writes.apply_changes(location, values)
    if not changes:
        return location
    location = await repository.save(session, location)
    await writes.record_update(session, actor, "location", location, changes, major_edit=major_edit)
    return location
