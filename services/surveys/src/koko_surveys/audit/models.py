"""The append-only audit log (the database refuses UPDATE, DELETE and TRUNCATE on it).

Entries never name a subject: they must survive the erasure of the subjects they concern."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, Column, Identity
from sqlmodel import Field

from koko_shared.database.columns import created_at_column, jsonb_column
from koko_surveys.db import SurveysModel


class AuditEntry(SurveysModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(
        default=None, sa_column=Column(BigInteger, Identity(always=True), primary_key=True)
    )
    occurred_at: datetime | None = Field(default=None, sa_column=created_at_column())
    actor: str = Field(max_length=255)
    action: str = Field(max_length=64, index=True)
    study_id: UUID | None = Field(default=None, index=True)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=jsonb_column())
