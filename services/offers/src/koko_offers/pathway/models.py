"""Pathway and pathway step tables."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import (
    created_at_column,
    text_array_column,
    timestamp_column,
    utcnow,
)


class Pathway(OffersModel, table=True):
    __tablename__ = "pathway"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    region_ars: str = Field(
        sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False, index=True)
    )
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=10000)
    goal: str = Field(max_length=60)  # e.g. vocational_training, employment, school_degree
    status: str = Field(default="draft", max_length=20)
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))


class PathwayStep(OffersModel, table=True):
    __tablename__ = "pathway_step"
    __table_args__ = (UniqueConstraint("pathway_id", "position"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    pathway_id: UUID = Field(foreign_key="pathway.id", ondelete="CASCADE", index=True)
    position: int
    title: str = Field(max_length=300)
    note: str | None = Field(default=None, max_length=5000)
    conditions: str | None = Field(default=None, max_length=2000)
    category_codes: list[str] = Field(default_factory=list, sa_column=text_array_column())
    offer_ids: list[UUID] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(PG_UUID(as_uuid=True)), nullable=False, server_default="{}"),
    )
