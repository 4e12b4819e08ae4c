"""Search synonym table: a phrase, one meaning of it in catalogue words, and that meaning's rank."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import Column, String, UniqueConstraint
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import created_at_column, timestamp_column, utcnow


class SearchSynonym(OffersModel, table=True):
    __tablename__ = "search_synonym"
    __table_args__ = (UniqueConstraint("phrase", "expansion"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    # BCP 47 tag of the phrase's language (for coordinators; every search uses every synonym).
    language: str = Field(sa_column=Column(String(35), nullable=False))
    # Normalized: lower-case words separated by one space, as a search splits them.
    phrase: str = Field(sa_column=Column(String(200), nullable=False, index=True))
    expansion: str = Field(sa_column=Column(String(200), nullable=False))
    # Matches of a higher weight come first; the literal search weighs 1.
    weight: float = 2.0
    created_by: str | None = Field(default=None, max_length=200)
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
