"""Change log table (append-only; a trigger refuses UPDATE and DELETE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, Column, Identity, Index, String
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import created_at_column, jsonb_column


class ChangeLogEntry(OffersModel, table=True):
    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_id", "id"),)

    id: int | None = Field(
        default=None, sa_column=Column(BigInteger, Identity(always=True), primary_key=True)
    )
    occurred_at: datetime | None = Field(default=None, sa_column=created_at_column())
    actor_subject: str = Field(max_length=200)
    region_ars: str = Field(sa_column=Column(String(12), nullable=False, index=True))
    entity: str = Field(max_length=30)
    entity_id: UUID
    action: str = Field(max_length=40)  # created, updated, archived, confirmed, seats_updated ...
    # {"field": [old, new]} for updates.
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=jsonb_column())
    version: int | None = None
