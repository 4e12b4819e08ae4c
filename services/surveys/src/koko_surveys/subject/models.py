"""Pseudonymous subjects (re-keyed per study), informants and consent records."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, UniqueConstraint
from sqlmodel import Field

from koko_shared.database.columns import created_at_column, timestamp_column
from koko_surveys.db import SurveysModel


class Subject(SurveysModel, table=True):
    __tablename__ = "subject"
    __table_args__ = (
        UniqueConstraint("study_id", "pseudonym"),
        CheckConstraint("pseudonym ~ '^[0-9a-f]{64}$'", name="pseudonym_is_hmac"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    )
    # HMAC of the client's pseudonym under the study key of `key_version`; never the raw id.
    pseudonym: str = Field(max_length=64)
    key_version: int
    # Record key of the cell key method, derived from the pseudonym (subject/record_key.py);
    # every submission of the subject carries it.
    record_key: int = Field(sa_column=Column(BigInteger, nullable=False))
    cohort_id: UUID | None = Field(
        default=None,
        sa_column=Column(ForeignKey("cohort.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())


class Informant(SurveysModel, table=True):
    """Who reported (teacher, school, employer, intake desk), kept apart from the subject."""

    __tablename__ = "informant"
    __table_args__ = (UniqueConstraint("study_id", "kind", "code"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    )
    kind: str = Field(max_length=32)
    code: str = Field(max_length=100)


class Consent(SurveysModel, table=True):
    __tablename__ = "consent"
    __table_args__ = (UniqueConstraint("subject_id", "scope", "text_version", "writer"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    subject_id: UUID = Field(
        sa_column=Column(ForeignKey("subject.id", ondelete="CASCADE"), nullable=False)
    )
    scope: str = Field(max_length=32)  # participation | panel_follow_up | linkage
    text_version: str = Field(max_length=64)
    legal_basis: str = Field(max_length=64)
    given_at: datetime = Field(sa_column=timestamp_column(nullable=False))
    withdrawn_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    # Who recorded it ('' before writers owned their data); a writer's rows rely only on the
    # consents it recorded, while a withdrawal counts for everyone.
    writer: str = Field(default="", max_length=255, sa_column_kwargs={"server_default": ""})
