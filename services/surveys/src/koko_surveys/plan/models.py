"""Versions of a study's table plan (the only tables that leave without the analyst role)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Column, ForeignKey, UniqueConstraint
from sqlmodel import Field

from koko_shared.database.columns import created_at_column, jsonb_column
from koko_surveys.db import SurveysModel


class TablePlan(SurveysModel, table=True):
    """One version of a study's table plan; versions are never changed, only added."""

    __tablename__ = "table_plan"
    __table_args__ = (UniqueConstraint("study_id", "version"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    version: int
    # [{code, question, label, categories: [{code, label, values | minimum+maximum}]}]
    indicators: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=jsonb_column(default="[]")
    )
    # Allowed breakdowns, each a list of dimension names; the total is always published.
    breakdowns: list[list[str]] = Field(default_factory=list, sa_column=jsonb_column(default="[]"))
    # Fixed code lists of the open dimensions (area, origin_group, cohort); other values are
    # published as `_other`.
    code_lists: dict[str, list[str]] = Field(default_factory=dict, sa_column=jsonb_column())
    defined_by: str = Field(max_length=255)
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
