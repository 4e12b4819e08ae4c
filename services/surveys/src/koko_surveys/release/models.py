"""Releases of a study and the submissions each one froze (the database refuses changes)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import Column, ForeignKey, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlmodel import Field

from koko_shared.database.columns import created_at_column, timestamp_column
from koko_surveys.db import SurveysModel


class Release(SurveysModel, table=True):
    __tablename__ = "study_release"
    __table_args__ = (UniqueConstraint("study_id", "number"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    number: int
    # Submissions stored up to this moment (and, when waves are named, only of those waves).
    cut_off_at: datetime = Field(sa_column=timestamp_column(nullable=False))
    wave_ids: list[UUID] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(PG_UUID(as_uuid=True)), nullable=False, server_default="{}"),
    )
    submission_count: int
    new_submission_count: int
    published_by: str = Field(max_length=255)
    published_at: datetime | None = Field(default=None, sa_column=created_at_column())


class ReleaseSubmission(SurveysModel, table=True):
    """One submission row frozen in a release. Erasure of a subject still removes its rows."""

    __tablename__ = "study_release_submission"

    release_id: UUID = Field(
        sa_column=Column(ForeignKey("study_release.id", ondelete="CASCADE"), primary_key=True)
    )
    submission_row_id: UUID = Field(
        sa_column=Column(
            ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
