"""Rules of writing locations: a provider keeps the places of its own organization, a coordinator
every place in its region. Never commits: the request owns the transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns, or_none
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


@dataclass(frozen=True, slots=True)
class AreaChoice:
    """The area (Stadtteil / Sozialraum) of a location by its code; `code` None clears it."""

    code: str | None


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Opening hours on one ISO weekday (1 = Monday), local time HH:MM."""

    weekday: int
    opens: str
    closes: str


@dataclass(frozen=True, slots=True)
class NewLocation:
    """A place to create (provider, region and area are named beside it)."""

    name: str
    city: str
    street: str | None = None
    postal_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    barrier_free: bool | None = None
    transit_note: str | None = None
    opening_hours: list[OpeningHours] = field(default_factory=list)
    appointment_only: bool = False


@dataclass(frozen=True, slots=True)
class LocationChange:
    """The fields of a place to change; UNSET ones stay as they are, None clears."""

    name: str | Unset = UNSET
    street: str | Unset | None = UNSET
    postal_code: str | Unset | None = UNSET
    city: str | Unset = UNSET
    lat: float | Unset | None = UNSET
    lon: float | Unset | None = UNSET
    barrier_free: bool | Unset | None = UNSET
    transit_note: str | Unset | None = UNSET
    opening_hours: list[OpeningHours] | Unset = UNSET
    appointment_only: bool | Unset = UNSET


def _values(location: NewLocation | LocationChange) -> dict[str, Any]:
    """Column values; opening hours as stored (a list of JSON objects)."""
    values = columns(location)
    if location.opening_hours is not UNSET:
        values["opening_hours"] = [asdict(hours) for hours in location.opening_hours]
    return values


def _check(
    problems: Violations, location: NewLocation | LocationChange, lat_lon: tuple[Any, Any]
) -> None:
    values = _values(location)
    check_lengths(problems, Location, values)
    check_postal_code(problems, "postalCode", or_none(location.postal_code))
    if location.lat is not UNSET or location.lon is not UNSET:
        check_coordinates(problems, *lat_lon)
    if location.opening_hours is not UNSET:
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
    new: NewLocation,
) -> Location:
    """A new place of `provider_id`, in the provider's region unless `region_ars` names a
    region inside it (a municipality of a district)."""
    values = _values(new)
    problems = Violations()
    check_ars(problems, "regionArs", region_ars)
    _check(problems, new, (new.lat, new.lon))
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
    change: LocationChange,
    major_edit: bool = True,
) -> Location:
    values = _values(change)
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
        change,
        (
            location.lat if change.lat is UNSET else change.lat,
            location.lon if change.lon is UNSET else change.lon,
        ),
    )
    problems.raise_if_any()
    values = {**values, **await _area_id(session, location.region_ars, area)}

    changes = writes.apply_changes(location, values)
    if not changes:
        return location
    location = await repository.save(session, location)
    await writes.record_update(session, actor, "location", location, changes, major_edit=major_edit)
    return location
