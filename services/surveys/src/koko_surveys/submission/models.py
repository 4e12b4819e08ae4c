"""Submissions (one interview of one subject in one wave) and stored idempotent responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import BigInteger, Column, ForeignKey, Index, UniqueConstraint, text
from sqlmodel import Field

from koko_shared.database.columns import created_at_column, jsonb_column, timestamp_column
from koko_surveys.db import SurveysModel


class Submission(SurveysModel, table=True):
    __tablename__ = "submission"
    __table_args__ = (
        # Submission ids belong to their writer: one writer's ids say nothing about another's.
        UniqueConstraint("study_id", "writer", "submission_id"),
        # One current interview per subject and wave; a correction supersedes the old one.
        Index(
            "uq_submission_current_wave_subject",
            "wave_id",
            "subject_id",
            unique=True,
            postgresql_where=text("superseded_at IS NULL"),
        ),
        Index("ix_submission_study_updated", "study_id", "updated_at", "id"),
        # Whether a submission was corrected: a later one of the same writer names it.
        Index(
            "ix_submission_correction",
            "study_id",
            "writer",
            "supersedes",
            postgresql_where=text("supersedes IS NOT NULL"),
        ),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    )
    wave_id: UUID = Field(
        sa_column=Column(ForeignKey("wave.id", ondelete="CASCADE"), nullable=False)
    )
    subject_id: UUID = Field(
        sa_column=Column(ForeignKey("subject.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    informant_id: UUID | None = Field(
        default=None,
        sa_column=Column(ForeignKey("informant.id", ondelete="SET NULL"), nullable=True),
    )
    instrument_version_id: UUID = Field(
        sa_column=Column(ForeignKey("instrument_version.id"), nullable=False)
    )
    submission_id: str = Field(max_length=100)  # the client's id
    # Who sent it (the subject of their credential); '' for rows stored before writers owned
    # their data (every writer may act on those).
    writer: str = Field(default="", max_length=255, sa_column_kwargs={"server_default": ""})
    # A second interview of the subject in the wave by another writer: kept, but not current
    # (superseded_at is set with it), so it enters no figure, release or export.
    held_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    supersedes: str | None = Field(default=None, max_length=100)
    superseded_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    content_hash: str = Field(max_length=64)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=jsonb_column())
    # Analysis dimensions as of this interview (age group at the wave's reference date).
    region_ars: str = Field(max_length=12)
    area_code: str | None = Field(default=None, max_length=32)
    sex: str | None = Field(default=None, max_length=8)
    age_group: str | None = Field(default=None, max_length=16)
    origin_group: str | None = Field(default=None, max_length=32)
    cohort_code: str | None = Field(default=None, max_length=64)
    offer_id: str | None = Field(default=None, max_length=200)
    submitted_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    # Record key of the cell key method: the subject's (subject/record_key.py), copied at
    # insert, so every interview of one person carries the same key.
    record_key: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime | None = Field(default=None, sa_column=created_at_column())


class IdempotencyRecord(SurveysModel, table=True):
    """The answer to a request sent with an `Idempotency-Key`, replayed on retries."""

    __tablename__ = "idempotency_record"

    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), primary_key=True)
    )
    writer: str = Field(default="", primary_key=True, max_length=255)
    key: str = Field(primary_key=True, max_length=255)
    request_hash: str = Field(max_length=64)
    status_code: int
    response: dict[str, Any] = Field(default_factory=dict, sa_column=jsonb_column())
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
