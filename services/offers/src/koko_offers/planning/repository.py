"""Report queries of course planning. They read the offer, course run, course type, provider,
location and area tables (read-only) in one pass per report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True, slots=True)
class PlannedRun:
    """One course run of a published language course offer, with everything planning groups by."""

    run_id: UUID
    offer_id: UUID
    offer_title: str
    provider_id: UUID
    provider_name: str
    course_type_code: str
    course_type_family: str
    course_type_label: str
    level: str | None
    start_date: date
    capacity_max: int | None
    seats_booked: int
    free_seats: int | None
    waitlist_length: int
    status: str
    town: str | None
    area_code: str | None
    area_name: str | None


@dataclass(frozen=True, slots=True)
class PlanningArea:
    code: str
    name: str


_RUNS = text(
    """
    SELECT cr.id AS run_id, o.id AS offer_id, o.title AS offer_title,
           p.id AS provider_id, p.name AS provider_name,
           ct.code AS course_type_code, ct.family AS course_type_family,
           COALESCE(ct.label ->> 'de', ct.code) AS course_type_label, ct.target_level AS level,
           cr.start_date, cr.capacity_max, cr.seats_booked, cr.free_seats, cr.waitlist_length,
           cr.status, l.city AS town, a.code AS area_code, a.name AS area_name
    FROM course_run cr
    JOIN offer o ON o.id = cr.offer_id
    JOIN course_type ct ON ct.id = o.course_type_id
    JOIN provider p ON p.id = o.provider_id
    LEFT JOIN location l ON l.id = COALESCE(cr.location_id, o.location_id)
    LEFT JOIN area a ON a.id = l.area_id
    WHERE cr.region_ars LIKE :prefix || '%'
      AND cr.start_date BETWEEN :start AND :end
      AND cr.status <> 'cancelled'
      AND o.status = 'published'
    ORDER BY cr.start_date, ct.code, cr.id
    """
)


async def language_course_runs(
    session: AsyncSession, *, region_prefix: str, start: date, end: date
) -> list[PlannedRun]:
    """Runs of published offers with a course type starting in [start, end] in the region."""
    rows = await session.execute(_RUNS, {"prefix": region_prefix, "start": start, "end": end})
    return [PlannedRun(**row._mapping) for row in rows]


async def areas(session: AsyncSession, *, region_prefix: str) -> list[PlanningArea]:
    rows = await session.execute(
        text("SELECT code, name FROM area WHERE region_ars LIKE :prefix || '%' ORDER BY code"),
        {"prefix": region_prefix},
    )
    return [PlanningArea(code=r.code, name=r.name) for r in rows]
