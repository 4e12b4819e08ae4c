"""Offer table. Human-readable fields are stored in German here; other languages live in
`translation`. `search_vector` is maintained by the offer repository on every write."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, Computed, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import (
    created_at_column,
    text_array_column,
    timestamp_column,
    utcnow,
)

OFFER_STATUSES = ("draft", "published", "archived")
OFFER_FORMATS = ("in_person", "online", "hybrid")
TARGET_GROUPS = (
    "children",
    "youth_under_27",
    "adults",
    "women",
    "parents",
    "eu_citizens",
    "refugees",
    "seniors",
)
RESIDENCE_STATUSES = (
    "asylum_seeker",
    "recognised_refugee",
    "subsidiary_protection",
    "tolerated",
    "temporary_protection_ukraine",
    "eu_citizen",
    "skilled_worker",
    "family_reunification",
    "any",
)
COST_OPTIONS = ("free", "bamf", "jobcenter", "bildungsgutschein", "fee", "reduced_fee")


class Offer(OffersModel, table=True):
    __tablename__ = "offer"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status"),
        CheckConstraint("format IN ('in_person', 'online', 'hybrid')", name="format"),
        CheckConstraint("min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="ages"),
        Index("ix_offer_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_offer_region_status_updated", "region_ars", "status", "updated_at"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    region_ars: str = Field(sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False))
    provider_id: UUID = Field(foreign_key="provider.id", index=True)
    location_id: UUID | None = Field(default=None, foreign_key="location.id", index=True)
    category_code: str = Field(
        sa_column=Column(String(60), ForeignKey("category.code"), nullable=False, index=True)
    )
    course_type_id: UUID | None = Field(default=None, foreign_key="course_type.id", index=True)
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=10000)
    target_groups: list[str] = Field(default_factory=list, sa_column=text_array_column())
    min_age: int | None = None
    max_age: int | None = None
    residence_statuses: list[str] = Field(default_factory=list, sa_column=text_array_column())
    eligibility_note: str | None = Field(default=None, max_length=2000)
    instruction_languages: list[str] = Field(default_factory=list, sa_column=text_array_column())
    support_languages: list[str] = Field(default_factory=list, sa_column=text_array_column())
    cost_options: list[str] = Field(default_factory=list, sa_column=text_array_column())
    fee_note: str | None = Field(default=None, max_length=1000)
    childcare: bool = False
    format: str = Field(default="in_person", max_length=20)
    status: str = Field(default="draft", max_length=20)
    url: str | None = Field(default=None, max_length=500)
    contact_email: str | None = Field(default=None, max_length=300)
    contact_phone: str | None = Field(default=None, max_length=60)
    last_confirmed_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    last_confirmed_by: str | None = Field(default=None, max_length=200)
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
    search_vector: str | None = Field(default=None, sa_column=Column(TSVECTOR, nullable=True))
    # The title's words, stems and word parts and the translated titles (migration 0011): the
    # first relevance tier of a search.
    title_vector: str | None = Field(default=None, sa_column=Column(TSVECTOR, nullable=True))
    # Within a tier shorter titles rank first: the title's length, computed by the database.
    search_rank: int | None = Field(
        default=None, sa_column=Column(Integer, Computed("length(title)", persisted=True))
    )
    # The title lower-cased without accents, computed by the database (migration 0004): the key of
    # title order and of substring and similarity search, indexed for both.
    title_key: str | None = Field(
        default=None,
        sa_column=Column(Text, Computed("koko_unaccent(lower(title))", persisted=True)),
    )
