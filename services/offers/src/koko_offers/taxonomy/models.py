"""Category code list (hierarchical) with multilingual labels."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import jsonb_column


class Category(OffersModel, table=True):
    __tablename__ = "category"

    code: str = Field(sa_column=Column(String(60), primary_key=True))
    parent_code: str | None = Field(
        default=None, sa_column=Column(String(60), ForeignKey("category.code"), nullable=True)
    )
    position: int = 0
    # {"de": "Sprachkurse", "en": "Language courses", ...}; German is always present.
    label: dict[str, str] = Field(default_factory=dict, sa_column=jsonb_column())
