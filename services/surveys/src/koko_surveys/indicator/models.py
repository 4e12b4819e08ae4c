"""The table of indicators stored with their study."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Column, ForeignKey, UniqueConstraint
from sqlmodel import Field

from koko_shared.database.columns import jsonb_column
from koko_surveys.db import SurveysModel


class IndicatorDefinition(SurveysModel, table=True):
    """An indicator stored with its study: numerator and denominator as conditions on answers."""

    __tablename__ = "indicator_definition"
    __table_args__ = (UniqueConstraint("study_id", "code"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    code: str = Field(max_length=64)
    label: dict[str, str] = Field(default_factory=dict, sa_column=jsonb_column())
    numerator: dict[str, Any] = Field(default_factory=dict, sa_column=jsonb_column())
    denominator: dict[str, Any] = Field(default_factory=dict, sa_column=jsonb_column())
    public: bool = False
