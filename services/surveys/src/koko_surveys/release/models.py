"""Releases of a wave, the submissions each one froze (to count changed people in a revision)
and the published values each one stored (what every reader without the analyst role reads)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import Column, ForeignKey, Text, UniqueConstraint
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
    # The wave released (null only for releases made before releases were per wave: they
    # publish nothing).
    wave_id: UUID | None = Field(
        default=None,
        sa_column=Column(ForeignKey("wave.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    # 0 for the first release of the wave, then 1, 2, ... for each accepted revision.
    revision: int = 0
    plan_version: int | None = None
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
    """One submission row a release counted (of its wave, the previous and the first wave).
    Erasure of a subject still removes its rows; the stored values stay."""

    __tablename__ = "study_release_submission"

    release_id: UUID = Field(
        sa_column=Column(ForeignKey("study_release.id", ondelete="CASCADE"), primary_key=True)
    )
    submission_row_id: UUID = Field(
        sa_column=Column(
            ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )


class ReleaseCell(SurveysModel, table=True):
    """One published value of a release: no person-level data, only what the public reads.

    kind: indicator | transition | retention | demand; name: the plan's indicator code (empty
    for retention and demand); dims: the breakdown's dimensions joined by commas; key: the
    dimension values ('' = not stated; transitions: the earlier state); category: the
    indicator's category or `_total`, the later state, interviewed / retained, a CEFR level."""

    __tablename__ = "release_cell"

    release_id: UUID = Field(
        sa_column=Column(ForeignKey("study_release.id", ondelete="CASCADE"), primary_key=True)
    )
    kind: str = Field(primary_key=True, max_length=16)
    name: str = Field(primary_key=True, max_length=64)
    dims: str = Field(primary_key=True, max_length=128)
    key: list[str] = Field(sa_column=Column(ARRAY(Text), primary_key=True))
    category: str = Field(primary_key=True, max_length=64)
    value: int | None = None
    sign: str = Field(max_length=8)
