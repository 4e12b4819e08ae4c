"""Provider (HSDS organization) table."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import created_at_column, timestamp_column, utcnow

PROVIDER_KINDS = (
    "vhs",
    "free_provider",
    "school",
    "kita",
    "chamber",
    "jobcenter",
    "employment_agency",
    "counselling_service",
    "association",
    "municipality",
    "university",
    "other",
)


class Provider(OffersModel, table=True):
    __tablename__ = "provider"

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    region_ars: str = Field(
        sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False, index=True)
    )
    name: str = Field(max_length=300)
    kind: str = Field(max_length=40)
    description: str | None = Field(default=None, max_length=5000)
    bamf_provider_number: str | None = Field(default=None, max_length=40)
    kursnet_provider_id: str | None = Field(default=None, max_length=40)
    website: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=60)
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
