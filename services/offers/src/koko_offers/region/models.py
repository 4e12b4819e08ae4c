"""Region (state, district, municipality by ARS) and area (Stadtteil / Sozialraum) tables."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import jsonb_column

REGION_LEVELS = ("state", "district", "municipality")


class Region(OffersModel, table=True):
    __tablename__ = "region"
    __table_args__ = (
        CheckConstraint("ars ~ '^[0-9]{12}$'", name="ars_format"),
        CheckConstraint("level IN ('state', 'district', 'municipality')", name="level"),
    )

    ars: str = Field(sa_column=Column(String(12), primary_key=True))
    name: str = Field(max_length=200)
    level: str = Field(max_length=20)
    parent_ars: str | None = Field(
        default=None, sa_column=Column(String(12), ForeignKey("region.ars"), nullable=True)
    )
    lat: float | None = None
    lon: float | None = None
    # Per-region thresholds of course planning and self-service (stale_after_days, gap_weeks, ...).
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=jsonb_column())


class Area(OffersModel, table=True):
    __tablename__ = "area"
    __table_args__ = (UniqueConstraint("region_ars", "code"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    region_ars: str = Field(sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False))
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    lat: float | None = None
    lon: float | None = None
    geojson: dict[str, Any] | None = Field(default=None, sa_column=jsonb_column(nullable=True))
