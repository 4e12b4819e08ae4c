"""Tables of instruments and their versions; a published version never changes (enforced by a
trigger), so every stored answer can be read against the exact questions it answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Column, ForeignKey, UniqueConstraint
from sqlmodel import Field

from koko_shared.database.columns import created_at_column, jsonb_column, timestamp_column
from koko_surveys.db import SurveysModel


class Instrument(SurveysModel, table=True):
    __tablename__ = "instrument"
    __table_args__ = (UniqueConstraint("study_id", "code"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    code: str = Field(max_length=64)
    title: dict[str, str] = Field(default_factory=dict, sa_column=jsonb_column())


class InstrumentVersion(SurveysModel, table=True):
    __tablename__ = "instrument_version"
    __table_args__ = (UniqueConstraint("instrument_id", "version"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    instrument_id: UUID = Field(
        sa_column=Column(
            ForeignKey("instrument.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    version: int
    form_version: str | None = Field(default=None, max_length=64)  # XLSForm settings.version
    status: str = Field(default="published", max_length=16)  # draft | published
    # The questions as `QuestionSpec` dicts (type, choices, required, constraint, relevant).
    questions: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=jsonb_column(default="[]")
    )
    source_filename: str | None = Field(default=None, max_length=255)
    published_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
