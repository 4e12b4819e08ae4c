"""Inputs of actor mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import UNSET

from koko_offers.actor.service import ActorChange, NewActor
from koko_offers.graphql.inputs import given

_KIND = (
    "Kind of actor (ActorKind, case-insensitive): administration, jobcenter, "
    "employment_agency, bamf, school, migrant_organisation, volunteer_initiative, ..."
)
_CODES = ("kind", "target_groups")
_REQUIRED = (
    "kind",
    "fields_of_action",
    "target_groups",
    "area_codes",
    "municipality_ars",
    "published",
)
_FIELDS = "Codes of the fields of action (`fieldsOfAction` code list) the actor works in."
_TARGETS = "Target groups it works with (TargetGroup codes, case-insensitive); empty: everyone."
_AREAS = "Codes of the region's areas it serves; with `municipalityArs` empty: the whole region."
_MUNICIPALITIES = "Municipalities inside the region it serves (12-digit Regionalschlüssel)."
_ROLE = "The function to contact, e.g. 'Bildungskoordination' (never a private person)."
_EMAIL = "A function mailbox; a personal address only with `contactPerson` and consent."
_PERSON = "A named contact person, only with their consent recorded (`contactConsentDate`)."


@strawberry.input(description="A new actor of a region's network.")
class ActorCreateInput:
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the network the actor belongs to."
    )
    provider_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The provider this actor is (its name and offers come from there); null "
        "for an actor that runs no offers in the catalogue.",
    )
    name: str | None = strawberry.field(
        default=None, description="Name; only for actors without a provider."
    )
    kind: str = strawberry.field(description=_KIND)
    description: str | None = strawberry.field(default=None, description="What it does, in German.")
    website: str | None = strawberry.field(default=None, description="Its website.")
    fields_of_action: list[str] = strawberry.field(default_factory=list, description=_FIELDS)
    target_groups: list[str] = strawberry.field(default_factory=list, description=_TARGETS)
    area_codes: list[str] = strawberry.field(default_factory=list, description=_AREAS)
    municipality_ars: list[str] = strawberry.field(
        default_factory=list, description=_MUNICIPALITIES
    )
    contact_role: str | None = strawberry.field(default=None, description=_ROLE)
    contact_email: str | None = strawberry.field(default=None, description=_EMAIL)
    contact_phone: str | None = strawberry.field(
        default=None, description="The office's phone number."
    )
    contact_person: str | None = strawberry.field(default=None, description=_PERSON)
    contact_consent_date: date | None = strawberry.field(
        default=None, description="When the contact person consented to being named."
    )
    published: bool = strawberry.field(
        default=False, description="Shown to the public (coordinators only)."
    )
    valid_from: date | None = strawberry.field(
        default=None, description="First day the actor takes part; null: always did."
    )
    valid_to: date | None = strawberry.field(
        default=None, description="Last day it takes part; null: still does."
    )

    def to_create(self) -> NewActor:
        return given(self, NewActor, codes=_CODES, required=_REQUIRED)


@strawberry.input(description="Fields left out stay as they are.")
class ActorUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the actor to change.")
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    name: str | None = strawberry.field(
        default=UNSET, description="Name (actors without provider)."
    )
    kind: str | None = strawberry.field(default=UNSET, description=_KIND)
    description: str | None = strawberry.field(default=UNSET, description="What it does.")
    website: str | None = strawberry.field(default=UNSET, description="Its website.")
    fields_of_action: list[str] | None = strawberry.field(default=UNSET, description=_FIELDS)
    target_groups: list[str] | None = strawberry.field(default=UNSET, description=_TARGETS)
    area_codes: list[str] | None = strawberry.field(default=UNSET, description=_AREAS)
    municipality_ars: list[str] | None = strawberry.field(
        default=UNSET, description=_MUNICIPALITIES
    )
    contact_role: str | None = strawberry.field(default=UNSET, description=_ROLE)
    contact_email: str | None = strawberry.field(default=UNSET, description=_EMAIL)
    contact_phone: str | None = strawberry.field(
        default=UNSET, description="The office's phone number."
    )
    contact_person: str | None = strawberry.field(default=UNSET, description=_PERSON)
    contact_consent_date: date | None = strawberry.field(
        default=UNSET, description="When the contact person consented to being named."
    )
    published: bool | None = strawberry.field(
        default=UNSET, description="Shown to the public (coordinators only)."
    )
    valid_from: date | None = strawberry.field(
        default=UNSET, description="First day the actor takes part."
    )
    valid_to: date | None = strawberry.field(
        default=UNSET, description="Last day it takes part (ends its participation)."
    )

    def to_change(self) -> ActorChange:
        return given(self, ActorChange, codes=_CODES, required=_REQUIRED)
