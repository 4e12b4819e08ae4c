"""Course run table; free seats are derived by the database, never stored twice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, Computed, ForeignKey, Index, Integer, String
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import created_at_column, jsonb_column, timestamp_column, utcnow

COURSE_RUN_STATUSES = ("planned", "open", "full", "running", "finished", "cancelled")
TIMES_OF_DAY = ("full_time", "part_time", "evening", "weekend")


class CourseRun(OffersModel, table=True):
    __tablename__ = "course_run"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint(
            "registration_deadline IS NULL OR registration_deadline <= start_date OR rolling_entry",
            name="deadline",
        ),
        CheckConstraint("capacity_max IS NULL OR capacity_max >= 0", name="capacity_max"),
        CheckConstraint("seats_booked >= 0", name="seats_booked"),
        CheckConstraint("waitlist_length >= 0", name="waitlist"),
        # Booked seats never exceed the capacity: further registrations go on the waitlist.
        CheckConstraint(
            "capacity_max IS NULL OR seats_booked <= capacity_max", name="seats_within_capacity"
        ),
        CheckConstraint(
            "time_of_day IN ('full_time', 'part_time', 'evening', 'weekend')", name="time_of_day"
        ),
        CheckConstraint(
            "status IN ('planned', 'open', 'full', 'running', 'finished', 'cancelled')",
            name="status",
        ),
        Index("ix_course_run_region_start", "region_ars", "start_date"),
        Index("ix_course_run_offer_start", "offer_id", "start_date"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    offer_id: UUID = Field(foreign_key="offer.id")
    # Denormalised from the offer so that planning and feeds filter runs without a join.
    region_ars: str = Field(sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False))
    location_id: UUID | None = Field(default=None, foreign_key="location.id")
    start_date: date
    end_date: date | None = None
    registration_deadline: date | None = None
    rolling_entry: bool = False
    # RFC 5545 RRULE (validated on write) and/or weekly slots
    # [{"weekday": 1, "starts": "08:30", "ends": "12:45"}].
    schedule_rrule: str | None = Field(default=None, max_length=500)
    weekly_slots: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=jsonb_column(default="[]")
    )
    time_of_day: str = Field(default="part_time", max_length=20)
    capacity_max: int | None = None
    seats_booked: int = 0
    # NULL when seats are not limited (no maximum): "no limit", never "full".
    free_seats: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            Computed(
                "CASE WHEN capacity_max IS NULL THEN NULL "
                "ELSE GREATEST(capacity_max - seats_booked, 0) END",
                persisted=True,
            ),
        ),
    )
    capacity_updated_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    waitlist_length: int = 0
    childcare: bool = False
    status: str = Field(default="planned", max_length=20)
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
