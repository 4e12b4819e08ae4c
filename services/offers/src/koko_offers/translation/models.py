"""Translation table: one row per (entity, field, language). German is the source and lives on the
entity itself; a missing row is the state `missing`."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import CheckConstraint, Column, Index, String
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import timestamp_column, utcnow

TRANSLATION_STATES = ("up_to_date", "outdated", "machine_translated")
TRANSLATED_ENTITIES = ("offer", "provider", "location", "pathway", "pathway_step")


class Translation(OffersModel, table=True):
    __tablename__ = "translation"
    __table_args__ = (
        CheckConstraint("state IN ('up_to_date', 'outdated', 'machine_translated')", name="state"),
        Index("ix_translation_language", "language", "entity"),
    )

    entity: str = Field(sa_column=Column(String(30), primary_key=True))
    entity_id: UUID = Field(primary_key=True)
    field: str = Field(sa_column=Column(String(40), primary_key=True))
    language: str = Field(sa_column=Column(String(35), primary_key=True))
    text: str = Field(max_length=10000)
    state: str = Field(default="up_to_date", max_length=20)
    # sha256 of the German source text the translation was made from.
    source_hash: str = Field(max_length=64)
    translated_by: str | None = Field(default=None, max_length=200)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
