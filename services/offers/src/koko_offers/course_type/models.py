"""Course type: a dated code list entry (course types change with the law), not an enum."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import jsonb_column

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


def start_level(entry_level: str | None) -> str:
    """The CEFR level learners begin to learn in a course: the one after its entry requirement,
    A1 without one (an integration course leads to B1 but is where beginners start)."""
    if entry_level is None or entry_level not in CEFR_LEVELS[:-1]:
        return CEFR_LEVELS[0]
    return CEFR_LEVELS[CEFR_LEVELS.index(entry_level) + 1]


class CourseType(OffersModel, table=True):
    __tablename__ = "course_type"
    __table_args__ = (
        UniqueConstraint("code", "valid_from"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    code: str = Field(max_length=60, index=True)  # e.g. BAMF_IK_ALLG, BSK_B2
    family: str = Field(max_length=40)  # integration_course | job_language_course
    kursnet_code: str | None = Field(default=None, max_length=40)
    label: dict[str, str] = Field(default_factory=dict, sa_column=jsonb_column())
    entry_level: str | None = Field(default=None, max_length=2)
    target_level: str | None = Field(default=None, max_length=2)
    teaching_units: int | None = None
    valid_from: date
    valid_to: date | None = None
