"""Tables of a study's waves and the instrument versions each wave accepts."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, UniqueConstraint
from sqlmodel import Field

from koko_shared.database.columns import text_array_column, timestamp_column
from koko_surveys.db import SurveysModel


class Wave(SurveysModel, table=True):
    __tablename__ = "wave"
    __table_args__ = (
        UniqueConstraint("study_id", "code"),
        UniqueConstraint("study_id", "position"),
        CheckConstraint("field_opens_date <= field_closes_date", name="field_window_ordered"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    code: str = Field(max_length=64)
    label: str = Field(max_length=200)
    position: int
    reference_date: date
    field_opens_date: date
    field_closes_date: date
    closed_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    required_consent_scopes: list[str] = Field(
        default_factory=list, sa_column=text_array_column("{participation}")
    )
    # The table plan version this wave publishes (pinned when a plan is defined before the
    # field opens; later versions apply to later waves only).
    table_plan_version: int | None = None


class WaveInstrumentVersion(SurveysModel, table=True):
    """Which published instrument versions a wave accepts."""

    __tablename__ = "wave_instrument_version"

    wave_id: UUID = Field(
        sa_column=Column(ForeignKey("wave.id", ondelete="CASCADE"), primary_key=True)
    )
    instrument_version_id: UUID = Field(
        sa_column=Column(ForeignKey("instrument_version.id", ondelete="CASCADE"), primary_key=True)
    )
