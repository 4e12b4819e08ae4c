"""Microdata exports: what each analyst received (per export, which person in which equivalence
class), the released rows while their pages may be read, and the panel view an admin grants."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlmodel import Field

from koko_shared.database.columns import created_at_column, jsonb_column, text_array_column
from koko_surveys.db import SurveysModel


class MicrodataExport(SurveysModel, table=True):
    """One export to one recipient: its scope, how it was protected and what that cost."""

    __tablename__ = "microdata_export"
    __table_args__ = (
        Index("ix_microdata_export_recipient", "study_id", "recipient", "created_at"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    )
    # The analyst (the subject of their credential); k is checked against all they received.
    recipient: str = Field(max_length=255)
    wave_ids: list[UUID] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(PG_UUID(as_uuid=True)), nullable=False, server_default="{}"),
    )
    linked: bool = False  # waves linked per person (panel view)
    # Released key columns in order (the meaning of each record's suppression mask).
    key_columns: list[str] = Field(default_factory=list, sa_column=text_array_column())
    generalisation: str = Field(max_length=32)
    record_count: int
    # What the answer reported: suppressed values per column, withheld people, bands.
    report: dict[str, Any] = Field(default_factory=dict, sa_column=jsonb_column())
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())


class ExportRecord(SurveysModel, table=True):
    """One person in one export. `class_number` numbers the distinct released key records of the
    export (the person's equivalence class); `suppressed` lists the key columns blanked for them.
    `row` is the released row, kept only while the export's pages may be read. Erasing the
    subject removes the record."""

    __tablename__ = "microdata_export_record"

    export_id: UUID = Field(
        sa_column=Column(ForeignKey("microdata_export.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    subject_id: UUID = Field(
        sa_column=Column(ForeignKey("subject.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    class_number: int
    suppressed: list[str] = Field(default_factory=list, sa_column=text_array_column())
    row: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB, nullable=True))


class PanelAccess(SurveysModel, table=True):
    """An analyst an admin allowed to receive the waves of a study linked per person."""

    __tablename__ = "study_panel_access"

    study_id: UUID = Field(
        sa_column=Column(ForeignKey("study.id", ondelete="CASCADE"), primary_key=True)
    )
    analyst: str = Field(primary_key=True, max_length=255)
    granted_by: str = Field(max_length=255)
    granted_at: datetime | None = Field(default=None, sa_column=created_at_column())
