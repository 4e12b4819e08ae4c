"""Tie table: actor -> actor, or actor -> working group (membership); valid from/to."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, String
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import created_at_column, timestamp_column, utcnow

TIE_KINDS = ("cooperation_agreement", "referral", "working_contact", "funding", "membership")
# Referrals and funding go one way (source refers to / funds target); the others are mutual.
DIRECTED_KINDS = frozenset({"referral", "funding"})
MEMBERSHIP_ROLES = ("member", "chair", "guest")


class Tie(OffersModel, table=True):
    __tablename__ = "tie"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'membership' AND working_group_id IS NOT NULL AND target_actor_id IS NULL)"
            " OR (kind <> 'membership' AND working_group_id IS NULL"
            " AND target_actor_id IS NOT NULL)",
            name="endpoint",
        ),
        CheckConstraint(
            "target_actor_id IS NULL OR target_actor_id <> source_actor_id", name="not_self"
        ),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity"),
        CheckConstraint(
            "(kind = 'membership') = (membership_role IS NOT NULL)", name="membership_role"
        ),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    region_ars: str = Field(
        sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False, index=True)
    )
    kind: str = Field(max_length=40)
    source_actor_id: UUID = Field(foreign_key="actor.id", index=True)
    target_actor_id: UUID | None = Field(default=None, foreign_key="actor.id", index=True)
    working_group_id: UUID | None = Field(default=None, foreign_key="working_group.id", index=True)
    membership_role: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, max_length=1000)
    published: bool = False
    valid_from: date
    valid_to: date | None = None
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))

    def is_valid_on(self, day: date) -> bool:
        """Whether the tie holds on `day` (from its first to its last valid day)."""
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
