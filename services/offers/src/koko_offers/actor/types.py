"""GraphQL types of actors of the network. A linked provider lends its name, website and offers;
a named contact person is shown only to the region's coordinators and the actor itself."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Self

import strawberry
from strawberry.types import Info

from koko_offers.actor.loaders import offers_of_provider, visible_actor_by_id
from koko_offers.actor.models import Actor as ActorRow
from koko_offers.field_of_action.loaders import field_of_action_by_code
from koko_offers.field_of_action.types import FieldOfAction
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.network.scoped import view_of
from koko_offers.offer.types import Offer, TargetGroup
from koko_offers.provider.loaders import provider_by_id
from koko_offers.provider.types import Provider
from koko_offers.region.loaders import areas_of_region, region_by_ars
from koko_offers.region.types import Area, Region
from koko_offers.tie.loaders import ties_of_actor
from koko_shared.graphql.ids import local_id, to_global_id
from koko_shared.graphql.named_types import NamedType

# A tie names its actors, so its module imports this one: the ties' type is named, not imported.
TIE = NamedType("Tie", "koko_offers.tie.types")

ValidOn = Annotated[
    date | None,
    strawberry.argument(description="Only what is valid on this day; null: every period."),
]


@strawberry.enum(description="What kind of actor takes part in the network.")
class ActorKind(Enum):
    ADMINISTRATION = strawberry.enum_value(
        "administration", description="A unit of the municipal or district administration."
    )
    JOBCENTER = strawberry.enum_value("jobcenter", description="Jobcenter.")
    EMPLOYMENT_AGENCY = strawberry.enum_value(
        "employment_agency", description="Employment agency (Agentur für Arbeit)."
    )
    BAMF = strawberry.enum_value(
        "bamf", description="Federal Office for Migration and Refugees (regional coordination)."
    )
    STATE_AGENCY = strawberry.enum_value(
        "state_agency", description="A state authority, e.g. the state school authority."
    )
    SCHOOL = strawberry.enum_value("school", description="School or vocational school.")
    KITA = strawberry.enum_value("kita", description="Day-care centre for children (Kita).")
    VHS = strawberry.enum_value("vhs", description="Adult education centre (Volkshochschule).")
    EDUCATION_PROVIDER = strawberry.enum_value(
        "education_provider", description="Education or language course provider (Träger)."
    )
    CHAMBER = strawberry.enum_value("chamber", description="Chamber of commerce or of crafts.")
    COUNSELLING_SERVICE = strawberry.enum_value(
        "counselling_service", description="Counselling service, e.g. migration counselling."
    )
    WELFARE_ASSOCIATION = strawberry.enum_value(
        "welfare_association", description="Welfare association (AWO, Caritas, Diakonie, DRK)."
    )
    MIGRANT_ORGANISATION = strawberry.enum_value(
        "migrant_organisation", description="Migrant organisation (MO) or its umbrella."
    )
    VOLUNTEER_INITIATIVE = strawberry.enum_value(
        "volunteer_initiative", description="Volunteers' initiative (Ehrenamt)."
    )
    ADVISORY_COUNCIL = strawberry.enum_value(
        "advisory_council", description="Advisory council, e.g. the Beirat für Integration."
    )
    UNIVERSITY = strawberry.enum_value("university", description="University or college.")
    CULTURE_SPORT = strawberry.enum_value("culture_sport", description="Culture, sport or library.")
    NETWORK_PROJECT = strawberry.enum_value(
        "network_project", description="A programme or network project, e.g. IQ Netzwerk."
    )
    OTHER = strawberry.enum_value("other", description="Any other kind of actor.")


@strawberry.type(description="How to reach an actor: a function, never a private person.")
class ActorContact:
    role: str | None = strawberry.field(
        description="The function to contact, e.g. 'Bildungskoordination'."
    )
    email: str | None = strawberry.field(description="A function mailbox.")
    phone: str | None = strawberry.field(description="The office's phone number.")
    person: str | None = strawberry.field(
        description="A named contact person (recorded consent); null for everybody but the "
        "region's coordinators and the actor itself."
    )
    consent_date: date | None = strawberry.field(
        description="When the contact person consented to being named; null like `person`."
    )


@strawberry.type(description="An actor of a region's network (Akteur).")
class Actor(Node):
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the network it belongs to."
    )
    kind: ActorKind = strawberry.field(description="What kind of actor it is.")
    description: str | None = strawberry.field(description="What it does, in German.")
    field_of_action_codes: list[str] = strawberry.field(
        description="Codes of its fields of action (see `fieldsOfAction`)."
    )
    serves_whole_region: bool = strawberry.field(
        description="True when it names no areas or municipalities: it serves the whole region."
    )
    published: bool = strawberry.field(description="Whether the public sees it.")
    valid_from: date | None = strawberry.field(
        description="First day it takes part; null: always did."
    )
    valid_to: date | None = strawberry.field(
        description="Last day it takes part; null: still does."
    )
    version: int = strawberry.field(description="For optimistic locking of updates.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    row: strawberry.Private[ActorRow]

    @classmethod
    def from_row(cls, row: ActorRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Actor", row.id)),
            region_ars=row.region_ars,
            kind=ActorKind(row.kind),
            description=row.description,
            field_of_action_codes=list(row.fields_of_action),
            serves_whole_region=not (row.area_codes or row.municipality_ars),
            published=row.published,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            version=row.version,
            updated_at=row.updated_at,
            row=row,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info[OffersContext, None], id: strawberry.ID
    ) -> Self | None:
        """The actor when the caller may see it, else null."""
        row = await visible_actor_by_id(info.context).load(local_id(id, "Actor"))
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="Its name; a linked provider's name.")
    async def name(self, info: Info[OffersContext, None]) -> str:
        if self.row.provider_id is None:
            return self.row.name or ""
        provider = await provider_by_id(info.context).load(self.row.provider_id)
        return provider.name if provider else ""

    @strawberry.field(description="Its website; a linked provider's website.")
    async def website(self, info: Info[OffersContext, None]) -> str | None:
        if self.row.website or self.row.provider_id is None:
            return self.row.website
        provider = await provider_by_id(info.context).load(self.row.provider_id)
        return provider.website if provider else None

    @strawberry.field(description="The provider it is, when it runs offers in the catalogue.")
    async def provider(self, info: Info[OffersContext, None]) -> Provider | None:
        if self.row.provider_id is None:
            return None
        row = await provider_by_id(info.context).load(self.row.provider_id)
        return Provider.from_row(row) if row else None

    @strawberry.field(description="Its fields of action with their labels.")
    async def fields_of_action(self, info: Info[OffersContext, None]) -> list[FieldOfAction]:
        rows = await field_of_action_by_code(info.context).load_many(self.row.fields_of_action)
        return [FieldOfAction.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Target groups it works with; empty: everyone.")
    def target_groups(self) -> list[TargetGroup]:
        return [TargetGroup(code) for code in self.row.target_groups]

    @strawberry.field(description="The region's areas it serves (empty with `servesWholeRegion`).")
    async def areas_served(self, info: Info[OffersContext, None]) -> list[Area]:
        areas = await areas_of_region(info.context).load(self.row.region_ars)
        return [Area.from_row(a) for a in areas if a.code in self.row.area_codes]

    @strawberry.field(description="Municipalities inside the region it serves.")
    async def municipalities_served(self, info: Info[OffersContext, None]) -> list[Region]:
        rows = await region_by_ars(info.context).load_many(self.row.municipality_ars)
        return [Region.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="How to reach it.")
    def contact(self, info: Info[OffersContext, None]) -> ActorContact:
        private = view_of(info.context, self.row.region_ars).sees_contact_person(self.row)
        return ActorContact(
            role=self.row.contact_role,
            email=self.row.contact_email,
            phone=self.row.contact_phone,
            person=self.row.contact_person if private else None,
            consent_date=self.row.contact_consent_date if private else None,
        )

    @strawberry.field(description="The offers it runs (its provider's) that you may see, by title.")
    async def offers(
        self,
        info: Info[OffersContext, None],
        first: Annotated[
            int, strawberry.argument(description="At most this many (default 20, at most 100).")
        ] = 20,
    ) -> list[Offer]:
        if self.row.provider_id is None:
            return []
        rows = await offers_of_provider(info.context).load(self.row.provider_id)
        return [Offer.from_row(r) for r in rows[: max(0, min(first, 100))]]

    @strawberry.field(
        description="Its ties (either end) and memberships that you may see, oldest first.",
        graphql_type=TIE.many,
    )
    async def ties(self, info: Info[OffersContext, None], valid_on: ValidOn = None) -> list[object]:
        rows = await ties_of_actor(info.context, self.row.region_ars).load(self.row.id)
        tie = TIE.resolved()
        return [tie.from_row(r) for r in rows if valid_on is None or r.is_valid_on(valid_on)]
