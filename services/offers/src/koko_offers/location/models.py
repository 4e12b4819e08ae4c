"""Location table: address, geo point, area, accessibility, opening hours."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import created_at_column, jsonb_column, timestamp_column, utcnow


class Location(OffersModel, table=True):
    __tablename__ = "location"

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    provider_id: UUID = Field(foreign_key="provider.id", index=True)
    region_ars: str = Field(
        sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False, index=True)
    )
    area_id: UUID | None = Field(default=None, foreign_key="area.id")
    name: str = Field(max_length=300)
    street: str | None = Field(default=None, max_length=300)
    postal_code: str | None = Field(default=None, max_length=10)
    city: str = Field(max_length=200)
    lat: float | None = None
    lon: float | None = None
    barrier_free: bool | None = None
    transit_note: str | None = Field(default=None, max_length=1000)
    # [{"weekday": 1, "opens": "09:00", "closes": "12:00"}], ISO weekdays.
    opening_hours: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=jsonb_column(default="[]")
    )
    appointment_only: bool = False
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
