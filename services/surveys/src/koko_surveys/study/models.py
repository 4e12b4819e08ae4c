"""Tables of studies and their cohorts/samples (waves: wave/models.py; indicators:
indicator/models.py)."""

from __future__ import annotations

import secrets
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, UniqueConstraint
from sqlalchemy.dialects.postgresql import BYTEA
from sqlmodel import Field

from koko_shared.database.columns import (
    created_at_column,
    jsonb_column,
    text_array_column,
)
from koko_surveys.db import SurveysModel


class Study(SurveysModel, table=True):
    __tablename__ = "study"
    __table_args__ = (
        UniqueConstraint("region_ars", "code"),
        CheckConstraint("region_ars ~ '^[0-9]{12}$'", name="region_ars_is_ars"),
        # Floors of disclosure control (issue 13): no study may go below them.
        CheckConstraint("min_cell_count >= 3", name="min_cell_count_floor"),
        CheckConstraint("k_anonymity >= 5", name="k_anonymity_floor"),
        CheckConstraint("min_rate_denominator >= 10", name="min_rate_denominator_floor"),
        CheckConstraint("release_min_submissions >= 10", name="release_min_submissions_floor"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    region_ars: str = Field(max_length=12, index=True)
    code: str = Field(max_length=64)
    title: dict[str, str] = Field(default_factory=dict, sa_column=jsonb_column())
    kind: str = Field(max_length=32)  # destination | intake | follow_up | employer
    status: str = Field(default="active", max_length=16)  # active | closed
    aggregates_public: bool = False
    # Disclosure control, per study (only an admin changes it, never below the floors).
    min_cell_count: int = 3
    min_rate_denominator: int = 10
    k_anonymity: int = 5
    # New submissions a release needs since the previous one.
    release_min_submissions: int = 10
    # Free-text questions whose answers were reviewed and may leave in an export on request.
    reviewed_free_text: list[str] = Field(default_factory=list, sa_column=text_array_column())
    # Questions an admin marked non-identifying: the export leaves them out of k. Every other
    # answer counts as identifying.
    non_identifying_questions: list[str] = Field(
        default_factory=list, sa_column=text_array_column()
    )
    retention_days: int | None = None
    # Per-study salt of the re-keying; the key itself lives outside the database. Destroying the
    # salt (panel end) makes new links to old subjects impossible.
    pseudonym_salt: bytes | None = Field(default=None, sa_column=Column(BYTEA, nullable=True))
    # Secret of the record keys (subject/record_key.py); kept when the pseudonym salt is
    # destroyed, so published figures of the study keep their keys.
    record_key_salt: bytes = Field(
        default_factory=lambda: secrets.token_bytes(32),
        sa_column=Column(BYTEA, nullable=False),
    )
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime | None = Field(default=None, sa_column=created_at_column())


class Cohort(SurveysModel, table=True):
    """A sample or cohort of a study (e.g. school year 2024, refreshment sample)."""

    __tablename__ = "cohort"
    __table_args__ = (UniqueConstraint("study_id", "code"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    code: str = Field(max_length=64)
    label: str = Field(max_length=200)
    kind: str = Field(default="cohort", max_length=16)  # cohort | sample | refreshment
