"""Actor table. A provider takes part through a link (`provider_id`): its name, website and
offers are read from the provider, never copied."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field

from koko_offers.db import OffersModel
from koko_shared.database.columns import (
    created_at_column,
    text_array_column,
    timestamp_column,
    utcnow,
)

ACTOR_KINDS = (
    "administration",
    "jobcenter",
    "employment_agency",
    "bamf",
    "state_agency",
    "school",
    "kita",
    "vhs",
    "education_provider",
    "chamber",
    "counselling_service",
    "welfare_association",
    "migrant_organisation",
    "volunteer_initiative",
    "advisory_council",
    "university",
    "culture_sport",
    "network_project",
    "other",
)


class Actor(OffersModel, table=True):
    __tablename__ = "actor"
    __table_args__ = (
        UniqueConstraint("provider_id"),
        CheckConstraint("(provider_id IS NULL) = (name IS NOT NULL)", name="name_or_provider"),
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="validity"
        ),
        CheckConstraint(
            "contact_person IS NULL OR contact_consent_date IS NOT NULL", name="contact_consent"
        ),
    )

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    # The network the actor belongs to (a district, a kreisfreie Stadt, ...).
    region_ars: str = Field(
        sa_column=Column(String(12), ForeignKey("region.ars"), nullable=False, index=True)
    )
    provider_id: UUID | None = Field(default=None, foreign_key="provider.id")
    name: str | None = Field(default=None, max_length=300)
    kind: str = Field(max_length=40)
    description: str | None = Field(default=None, max_length=2000)
    website: str | None = Field(default=None, max_length=500)
    fields_of_action: list[str] = Field(default_factory=list, sa_column=text_array_column())
    # Empty: every group; else the target groups (code list of offers) the actor works with.
    target_groups: list[str] = Field(default_factory=list, sa_column=text_array_column())
    # Both empty: the whole region. Area codes of the region; municipalities inside it (ARS).
    area_codes: list[str] = Field(default_factory=list, sa_column=text_array_column())
    municipality_ars: list[str] = Field(default_factory=list, sa_column=text_array_column())
    # A function, never a private person: "Bildungskoordination", bildung@..., the office line.
    contact_role: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=300)
    contact_phone: str | None = Field(default=None, max_length=60)
    # A named person only with the consent recorded (date); shown to coordinators only.
    contact_person: str | None = Field(default=None, max_length=200)
    contact_consent_date: date | None = None
    published: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    version: int = 1
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column(nullable=False))
