"""GraphQL types of providers (Träger, HSDS organizations); `Provider` is a federated entity."""

from __future__ import annotations

from enum import Enum
from typing import Self

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.offer.records import ProviderRecord
from koko_offers.provider.loaders import provider_by_id
from koko_offers.provider.models import Provider as ProviderRow
from koko_offers.translation.loaders import Localized, TranslationState, localized
from koko_shared.graphql.arguments import Lang
from koko_shared.graphql.ids import local_id, to_global_id


@strawberry.enum(description="What kind of organization a provider is.")
class ProviderKind(Enum):
    VHS = strawberry.enum_value("vhs", description="Adult education centre (Volkshochschule).")
    FREE_PROVIDER = strawberry.enum_value(
        "free_provider", description="Independent education provider (freier Träger)."
    )
    SCHOOL = strawberry.enum_value("school", description="School.")
    KITA = strawberry.enum_value("kita", description="Day-care centre for children (Kita).")
    CHAMBER = strawberry.enum_value(
        "chamber", description="Chamber of commerce or of crafts (IHK, HWK)."
    )
    JOBCENTER = strawberry.enum_value("jobcenter", description="Jobcenter.")
    EMPLOYMENT_AGENCY = strawberry.enum_value(
        "employment_agency", description="Employment agency (Agentur für Arbeit)."
    )
    COUNSELLING_SERVICE = strawberry.enum_value(
        "counselling_service", description="Counselling service, e.g. migration counselling."
    )
    ASSOCIATION = strawberry.enum_value(
        "association", description="Association or initiative (Verein)."
    )
    MUNICIPALITY = strawberry.enum_value(
        "municipality", description="The municipality or district administration itself."
    )
    UNIVERSITY = strawberry.enum_value("university", description="University or college.")
    OTHER = strawberry.enum_value("other", description="Any other kind of organization.")


@strawberry.federation.type(keys=["id"], description="An organization that runs offers (Träger).")
class Provider(Node):
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    name: str = strawberry.field(description="Name of the organization.")
    kind: ProviderKind = strawberry.field(description="What kind of organization it is.")
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the provider's region."
    )
    bamf_provider_number: str | None = strawberry.field(
        description="Provider number of the BAMF (integration courses)."
    )
    kursnet_provider_id: str | None = strawberry.field(
        description="Provider id in KURSNET, the Federal Employment Agency's course database. "
        "Null when not listed there."
    )
    website: str | None = strawberry.field(
        description="The organization's website; null when not given."
    )
    email: str | None = strawberry.field(
        description="General contact e-mail address; null when not given."
    )
    phone: str | None = strawberry.field(
        description="General contact phone number; null when not given."
    )
    row: strawberry.Private[ProviderRow | ProviderRecord]

    @strawberry.field(description="For optimistic locking of updates (`expectedVersion`).")
    def version(self) -> int:
        return self.row.version

    @classmethod
    def from_row(cls, row: ProviderRow | ProviderRecord) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Provider", row.id)),
            name=row.name,
            kind=ProviderKind(row.kind),
            region_ars=row.region_ars,
            bamf_provider_number=row.bamf_provider_number,
            kursnet_provider_id=row.kursnet_provider_id,
            website=row.website,
            email=row.email,
            phone=row.phone,
            row=row,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info[OffersContext, None], id: strawberry.ID
    ) -> Self | None:
        row = await provider_by_id(info.context).load(local_id(id, "Provider"))
        return cls.from_row(row) if row else None

    async def _description(
        self, info: Info[OffersContext, None], lang: str | None
    ) -> Localized | None:
        if self.row.description is None:
            return None
        return await localized(
            info.context,
            entity="provider",
            entity_id=self.row.id,
            field="description",
            german=self.row.description,
            lang=lang,
        )

    @strawberry.field(
        description="In the asked language, else German (see `descriptionTranslationState`)."
    )
    async def description(self, info: Info[OffersContext, None], lang: Lang = None) -> str | None:
        text = await self._description(info, lang)
        return text.text if text else None

    @strawberry.field(
        description="Whether `description` is shown in the asked language; null without one."
    )
    async def description_translation_state(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> TranslationState | None:
        text = await self._description(info, lang)
        return text.state if text else None
