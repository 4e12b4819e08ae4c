"""Field of action: a dated code list entry (integration concepts rename and regroup their
fields of action), not an enum."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import jsonb_column


class FieldOfAction(OffersModel, table=True):
    __tablename__ = "field_of_action"
    __table_args__ = (
        UniqueConstraint("code", "valid_from"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    code: str = Field(max_length=60, index=True)  # e.g. language, work, housing_neighbourhood
    position: int = 0
    # {"de": "Sprache", "en": "Language", ...}; German is always present.
    label: dict[str, str] = Field(default_factory=dict, sa_column=jsonb_column())
    valid_from: date
    valid_to: date | None = None
