"""Plain rows of offers, providers and locations for the pages of `offers` (issue 18): a page's
rows are read as columns (`koko_shared.database.driver_statements`) into these slotted classes
instead of ORM entities, which cost the page about a millisecond of CPU in SQLAlchemy's
execution and identity map. Each class has the attributes of its table's ORM model that GraphQL
types read (the offer's search vectors are left out, as the ORM page deferred them);
`OFFER_COLUMNS`, `PROVIDER_COLUMNS` and `LOCATION_COLUMNS` select them in the order the classes
take them. `Related` holds the relations of one offer fetched with its page (`offer.related`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Table

from koko_offers.location.models import Location
from koko_offers.offer.models import Offer
from koko_offers.provider.models import Provider


@dataclass(slots=True)
class OfferRecord:
    id: UUID
    region_ars: str
    provider_id: UUID
    location_id: UUID | None
    category_code: str
    course_type_id: UUID | None
    title: str
    description: str
    target_groups: list[str]
    min_age: int | None
    max_age: int | None
    residence_statuses: list[str]
    eligibility_note: str | None
    instruction_languages: list[str]
    support_languages: list[str]
    cost_options: list[str]
    fee_note: str | None
    childcare: bool
    format: str
    status: str
    url: str | None
    contact_email: str | None
    contact_phone: str | None
    last_confirmed_at: datetime | None
    last_confirmed_by: str | None
    version: int
    created_at: datetime | None
    updated_at: datetime
    search_rank: int | None
    title_key: str | None


@dataclass(slots=True)
class ProviderRecord:
    id: UUID
    region_ars: str
    name: str
    kind: str
    description: str | None
    bamf_provider_number: str | None
    kursnet_provider_id: str | None
    website: str | None
    email: str | None
    phone: str | None
    version: int
    created_at: datetime | None
    updated_at: datetime


@dataclass(slots=True)
class LocationRecord:
    id: UUID
    provider_id: UUID
    region_ars: str
    area_id: UUID | None
    name: str
    street: str | None
    postal_code: str | None
    city: str
    lat: float | None
    lon: float | None
    barrier_free: bool | None
    transit_note: str | None
    opening_hours: list[dict[str, Any]]
    appointment_only: bool
    version: int
    created_at: datetime | None
    updated_at: datetime


class Relation(Enum):
    """A relation of `Offer` that can be fetched with the page; the value is its GraphQL field."""

    PROVIDER = "provider"
    LOCATION = "location"
    NEXT_START = "nextStart"


RELATIONS_BY_FIELD = {relation.value: relation for relation in Relation}


@dataclass(frozen=True, slots=True)
class Related:
    """The relations of one offer fetched with its page; those not in `fetched` were not asked
    for and are loaded on demand."""

    fetched: frozenset[Relation]
    provider: ProviderRecord | None = None
    location: LocationRecord | None = None
    next_start: date | None = None


def _columns(record: type[Any], model: type[Any]) -> tuple[Column[Any], ...]:
    table: Table = model.__table__
    return tuple(table.c[f.name] for f in fields(record))


OFFER_COLUMNS = _columns(OfferRecord, Offer)
PROVIDER_COLUMNS = _columns(ProviderRecord, Provider)
LOCATION_COLUMNS = _columns(LocationRecord, Location)
