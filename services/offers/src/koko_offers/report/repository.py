"""Report query of the monthly overview: language course runs starting in a month (read-only
over offer, course run, course type, provider, location and area)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True, slots=True)
class OverviewRow:
    run_id: UUID
    offer_id: UUID
    offer_title: str
    course_type_code: str
    course_type_label: str
    course_type_labels: dict[str, str]
    course_type_family: str
    level: str | None
    entry_level: str | None
    teaching_units: int | None
    start_date: date
    end_date: date | None
    registration_deadline: date | None
    weekly_slots: list[dict[str, Any]]
    time_of_day: str
    capacity_max: int | None
    free_seats: int | None
    waitlist_length: int
    childcare: bool
    status: str
    provider_name: str
    contact_email: str | None
    contact_phone: str | None
    provider_website: str | None
    location_name: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    area_name: str | None
    # When the run, its offer, provider or location last changed.
    modified_at: datetime


_QUERY = text(
    """
    SELECT cr.id AS run_id, o.id AS offer_id, o.title AS offer_title,
           ct.code AS course_type_code, COALESCE(ct.label ->> 'de', ct.code) AS course_type_label,
           ct.label AS course_type_labels,
           ct.family AS course_type_family, ct.target_level AS level, ct.entry_level,
           ct.teaching_units, cr.start_date, cr.end_date, cr.registration_deadline,
           cr.weekly_slots, cr.time_of_day, cr.capacity_max, cr.free_seats, cr.waitlist_length,
           (cr.childcare OR o.childcare) AS childcare, cr.status,
           p.name AS provider_name,
           COALESCE(o.contact_email, p.email) AS contact_email,
           COALESCE(o.contact_phone, p.phone) AS contact_phone,
           p.website AS provider_website,
           l.name AS location_name, l.street, l.postal_code, l.city, a.name AS area_name,
           GREATEST(cr.updated_at, o.updated_at, p.updated_at, l.updated_at) AS modified_at
    FROM course_run cr
    JOIN offer o ON o.id = cr.offer_id
    JOIN course_type ct ON ct.id = o.course_type_id
    JOIN provider p ON p.id = o.provider_id
    LEFT JOIN location l ON l.id = COALESCE(cr.location_id, o.location_id)
    LEFT JOIN area a ON a.id = l.area_id
    WHERE cr.region_ars LIKE :prefix || '%'
      AND cr.start_date >= :first_day AND cr.start_date < :next_month
      AND cr.status <> 'cancelled'
      AND o.status = 'published'
    ORDER BY ct.family, COALESCE(ct.label ->> 'de', ct.code), ct.target_level NULLS LAST,
             cr.start_date, p.name, cr.id
    """
)


async def runs_starting_in(
    session: AsyncSession, *, region_prefix: str, first_day: date, next_month: date
) -> list[OverviewRow]:
    rows = await session.execute(
        _QUERY, {"prefix": region_prefix, "first_day": first_day, "next_month": next_month}
    )
    return [OverviewRow(**row._mapping) for row in rows]
