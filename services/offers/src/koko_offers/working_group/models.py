"""Working group table (Arbeitsgruppe, Runder Tisch, Steuerungsgruppe, Netzwerk)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, String
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import (
    created_at_column,
    text_array_column,
    timestamp_column,
    utcnow,
)

GROUP_KINDS = ("network", "working_group", "round_table", "steering_group")


class WorkingGroup(OffersModel, table=True):
    __tablename__ = "working_group"
    __table_args__ = (
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="validity"
        ),
        CheckConstraint("parent_group_id IS NULL OR parent_group_id <> id", name="parent"),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    region_ars: str = Field(
        sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False, index=True)
    )
    kind: str = Field(max_length=40)
    name: str = Field(max_length=300)
    purpose: str | None = Field(default=None, max_length=2000)
    fields_of_action: list[str] = Field(default_factory=list, sa_column=text_array_column())
    # A working group of a network ("AG Sprache" of the "Netzwerk für Integration").
    parent_group_id: UUID | None = Field(default=None, foreign_key="working_group.id")
    # The actor that convenes it (Geschäftsführung), e.g. the Bildungsbüro.
    convenor_actor_id: UUID | None = Field(default=None, foreign_key="actor.id")
    published: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
