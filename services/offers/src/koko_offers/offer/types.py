"""GraphQL types of offers: the federated `Offer` entity, its connection and enums (the filter
of the `offers` query is in `filters`)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Self

import strawberry
from strawberry.types import Info

from koko_offers.course_run.loaders import next_start_of_offer, runs_of_offer
from koko_offers.course_type.loaders import course_type_by_id
from koko_offers.course_type.types import CourseType
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.location.loaders import location_by_id
from koko_offers.location.models import Location as LocationRow
from koko_offers.location.types import Location
from koko_offers.offer.loaders import offer_by_id
from koko_offers.offer.models import Offer as OfferRow
from koko_offers.offer.records import LocationRecord, OfferRecord, ProviderRecord, Related, Relation
from koko_offers.provider.loaders import provider_by_id
from koko_offers.provider.models import Provider as ProviderRow
from koko_offers.provider.types import Provider
from koko_offers.region.loaders import region_by_ars
from koko_offers.region.types import Region
from koko_offers.taxonomy.loaders import category_by_code
from koko_offers.taxonomy.types import Category
from koko_offers.translation.loaders import Localized, TranslationState, localized_now
from koko_shared.graphql.arguments import Lang
from koko_shared.graphql.ids import local_id, to_global_id
from koko_shared.graphql.maybe_awaitable import MaybeAwaitable, then
from koko_shared.graphql.named_types import NamedType

# A run names its offer, so its module imports this one: the runs' type is named, not imported.
COURSE_RUN = NamedType("CourseRun", "koko_offers.course_run.types")


@strawberry.enum(description="Publication status of an offer.")
class OfferStatus(Enum):
    DRAFT = strawberry.enum_value(
        "draft",
        description="Being prepared; seen only by the region's coordinators and the provider.",
    )
    PUBLISHED = strawberry.enum_value("published", description="Visible to everybody.")
    ARCHIVED = strawberry.enum_value(
        "archived", description="No longer offered; kept for the record."
    )


@strawberry.enum(description="How an offer takes place.")
class OfferFormat(Enum):
    IN_PERSON = strawberry.enum_value("in_person", description="At a location.")
    ONLINE = strawberry.enum_value("online", description="Online only.")
    HYBRID = strawberry.enum_value("hybrid", description="Partly at a location, partly online.")


@strawberry.enum(description="Whom an offer is meant for.")
class TargetGroup(Enum):
    CHILDREN = strawberry.enum_value("children", description="Children.")
    YOUTH_UNDER_27 = strawberry.enum_value("youth_under_27", description="Young people under 27.")
    ADULTS = strawberry.enum_value("adults", description="Adults.")
    WOMEN = strawberry.enum_value("women", description="Women.")
    PARENTS = strawberry.enum_value("parents", description="Parents.")
    EU_CITIZENS = strawberry.enum_value(
        "eu_citizens", description="Citizens of the European Union."
    )
    REFUGEES = strawberry.enum_value("refugees", description="Refugees.")
    SENIORS = strawberry.enum_value("seniors", description="Older people.")


@strawberry.enum(description="Residence status an offer is open to.")
class ResidenceStatus(Enum):
    ASYLUM_SEEKER = strawberry.enum_value(
        "asylum_seeker", description="Asylum seekers (Aufenthaltsgestattung)."
    )
    RECOGNISED_REFUGEE = strawberry.enum_value(
        "recognised_refugee", description="Recognised refugees and persons entitled to asylum."
    )
    SUBSIDIARY_PROTECTION = strawberry.enum_value(
        "subsidiary_protection", description="Persons under subsidiary protection."
    )
    TOLERATED = strawberry.enum_value(
        "tolerated", description="Persons whose deportation is suspended (Duldung)."
    )
    TEMPORARY_PROTECTION_UKRAINE = strawberry.enum_value(
        "temporary_protection_ukraine",
        description="Temporary protection (section 24 AufenthG, Ukraine).",
    )
    EU_CITIZEN = strawberry.enum_value("eu_citizen", description="Citizens of the European Union.")
    SKILLED_WORKER = strawberry.enum_value(
        "skilled_worker", description="Skilled workers and their residence titles."
    )
    FAMILY_REUNIFICATION = strawberry.enum_value(
        "family_reunification", description="Family reunification."
    )
    ANY = strawberry.enum_value("any", description="Every residence status.")


@strawberry.enum(description="How participation is paid for.")
class CostOption(Enum):
    FREE = strawberry.enum_value("free", description="Free of charge.")
    BAMF = strawberry.enum_value(
        "bamf", description="Funded by the BAMF (integration and job-related language courses)."
    )
    JOBCENTER = strawberry.enum_value("jobcenter", description="Paid by the Jobcenter.")
    BILDUNGSGUTSCHEIN = strawberry.enum_value(
        "bildungsgutschein", description="Paid with an education voucher (Bildungsgutschein)."
    )
    FEE = strawberry.enum_value("fee", description="A fee is charged.")
    REDUCED_FEE = strawberry.enum_value("reduced_fee", description="A reduced fee is possible.")


@strawberry.enum(description="Sort order of `offers`.")
class OfferOrder(Enum):
    RELEVANCE = strawberry.enum_value(
        "relevance", description="Best match first (the default with a search)."
    )
    TITLE = strawberry.enum_value("title", description="By title (the default without a search).")
    UPDATED_AT = strawberry.enum_value("updated_at", description="Most recently changed first.")
    NEXT_START = strawberry.enum_value(
        "next_start", description="Soonest next course start first; offers without one last."
    )
    DISTANCE = strawberry.enum_value("distance", description="Nearest first (needs `filter.near`).")


# Members by stored value: a dictionary lookup per value instead of Enum's call (a row of a page
# converts a dozen).
_STATUSES: dict[str, OfferStatus] = {str(member.value): member for member in OfferStatus}
_FORMATS: dict[str, OfferFormat] = {str(member.value): member for member in OfferFormat}
_TARGET_GROUPS: dict[str, TargetGroup] = {str(member.value): member for member in TargetGroup}
_RESIDENCE_STATUSES: dict[str, ResidenceStatus] = {
    str(member.value): member for member in ResidenceStatus
}
_COST_OPTIONS: dict[str, CostOption] = {str(member.value): member for member in CostOption}


@strawberry.federation.type(keys=["id"], description="An education offer (HSDS service).")
class Offer(Node):
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    status: OfferStatus = strawberry.field(description="Draft, published or archived.")
    format: OfferFormat = strawberry.field(description="On site, online or both.")
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the region the offer belongs to."
    )
    target_groups: list[TargetGroup] = strawberry.field(
        description="The groups the offer is aimed at."
    )
    min_age: int | None = strawberry.field(description="Youngest age admitted, if limited.")
    max_age: int | None = strawberry.field(description="Oldest age admitted, if limited.")
    residence_statuses: list[ResidenceStatus] = strawberry.field(
        description="The residence statuses the offer is open to."
    )
    instruction_languages: list[str] = strawberry.field(description="BCP-47 language tags.")
    support_languages: list[str] = strawberry.field(
        description="Languages participants get help in (BCP-47)."
    )
    cost_options: list[CostOption] = strawberry.field(
        description="How participation is paid for (free, BAMF-funded, fee, ...)."
    )
    childcare: bool = strawberry.field(description="Whether childcare is offered alongside.")
    url: str | None = strawberry.field(description="The provider's page about the offer.")
    contact_email: str | None = strawberry.field(description="Whom to write about the offer.")
    contact_phone: str | None = strawberry.field(description="Whom to call about the offer.")
    last_confirmed_at: datetime | None = strawberry.field(
        description="When the provider last confirmed the offer is accurate."
    )
    updated_at: datetime = strawberry.field(description="When the offer was last changed.")
    version: int = strawberry.field(description="For optimistic locking of updates.")
    row: strawberry.Private[OfferRow | OfferRecord]
    # Provider, location and next start when fetched with the offer's page (offer.related).
    related: strawberry.Private[Related | None] = None

    @classmethod
    def from_row(cls, row: OfferRow | OfferRecord, related: Related | None = None) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Offer", row.id)),
            status=_STATUSES[row.status],
            format=_FORMATS[row.format],
            region_ars=row.region_ars,
            target_groups=[_TARGET_GROUPS[v] for v in row.target_groups],
            min_age=row.min_age,
            max_age=row.max_age,
            residence_statuses=[_RESIDENCE_STATUSES[v] for v in row.residence_statuses],
            instruction_languages=list(row.instruction_languages),
            support_languages=list(row.support_languages),
            cost_options=[_COST_OPTIONS[v] for v in row.cost_options],
            childcare=row.childcare,
            url=row.url,
            contact_email=row.contact_email,
            contact_phone=row.contact_phone,
            last_confirmed_at=row.last_confirmed_at,
            updated_at=row.updated_at,
            version=row.version,
            row=row,
            related=related,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info[OffersContext, None], id: strawberry.ID
    ) -> Self | None:
        row = await offer_by_id(info.context).load(local_id(id, "Offer"))
        return cls.from_row(row) if row else None

    # The text fields answer at once in German and read translations only for another language
    # (koko_shared.graphql.maybe_awaitable): plain resolvers declaring their GraphQL type.

    def _text(
        self, info: Info[OffersContext, None], field: str, lang: str | None
    ) -> MaybeAwaitable[Localized]:
        return localized_now(
            info.context,
            entity="offer",
            entity_id=self.row.id,
            field=field,
            german=getattr(self.row, field),
            lang=lang,
        )

    @strawberry.field(
        description="Title in the asked language (`lang`, else the request's).", graphql_type=str
    )
    def title(self, info: Info[OffersContext, None], lang: Lang = None) -> MaybeAwaitable[str]:
        return then(self._text(info, "title", lang), _shown_text)

    @strawberry.field(
        description="Description in the asked language, else German.", graphql_type=str
    )
    def description(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> MaybeAwaitable[str]:
        return then(self._text(info, "description", lang), _shown_text)

    @strawberry.field(
        description="Who may take part, in the asked language, else German.",
        graphql_type=str | None,
    )
    def eligibility_note(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> MaybeAwaitable[str | None]:
        if self.row.eligibility_note is None:
            return None
        return then(self._text(info, "eligibility_note", lang), _shown_text)

    @strawberry.field(
        description="What it costs, in the asked language, else German.", graphql_type=str | None
    )
    def fee_note(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> MaybeAwaitable[str | None]:
        if self.row.fee_note is None:
            return None
        return then(self._text(info, "fee_note", lang), _shown_text)

    @strawberry.field(
        description="The language the title is shown in: the asked one, or `de` as fallback.",
        graphql_type=str,
    )
    def language(self, info: Info[OffersContext, None], lang: Lang = None) -> MaybeAwaitable[str]:
        return then(self._text(info, "title", lang), _shown_language)

    @strawberry.field(
        description="`rtl` or `ltr`: the direction of the shown title's language.",
        graphql_type=str,
    )
    def text_direction(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> MaybeAwaitable[str]:
        return then(self._text(info, "title", lang), _shown_direction)

    @strawberry.field(
        description="Whether the title is shown translated, outdated or in German.",
        graphql_type=TranslationState,
    )
    def translation_state(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> MaybeAwaitable[TranslationState]:
        return then(self._text(info, "title", lang), _shown_state)

    @strawberry.field(
        description="Whether `description` is shown in the asked language.",
        graphql_type=TranslationState,
    )
    def description_translation_state(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> MaybeAwaitable[TranslationState]:
        return then(self._text(info, "description", lang), _shown_state)

    @strawberry.field(
        description="Whether `eligibilityNote` is shown in the asked language; null without one.",
        graphql_type=TranslationState | None,
    )
    def eligibility_note_translation_state(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> MaybeAwaitable[TranslationState | None]:
        if self.row.eligibility_note is None:
            return None
        return then(self._text(info, "eligibility_note", lang), _shown_state)

    @strawberry.field(
        description="Whether `feeNote` is shown in the asked language; null without one.",
        graphql_type=TranslationState | None,
    )
    def fee_note_translation_state(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> MaybeAwaitable[TranslationState | None]:
        if self.row.fee_note is None:
            return None
        return then(self._text(info, "fee_note", lang), _shown_state)

    @strawberry.field(description="The category of the offer.")
    async def category(self, info: Info[OffersContext, None]) -> Category:
        row = await category_by_code(info.context).load(self.row.category_code)
        assert row is not None  # foreign key
        return Category.from_row(row)

    @strawberry.field(
        description="The course type (e.g. an integration course); null when it has none."
    )
    async def course_type(self, info: Info[OffersContext, None]) -> CourseType | None:
        if self.row.course_type_id is None:
            return None
        row = await course_type_by_id(info.context).load(self.row.course_type_id)
        return CourseType.from_row(row) if row else None

    def _fetched(self, relation: Relation) -> Related | None:
        """What the page fetched with this offer, when it fetched `relation`."""
        related = self.related
        return related if related is not None and relation in related.fetched else None

    @strawberry.field(description="The provider running the offer.", graphql_type=Provider)
    def provider(self, info: Info[OffersContext, None]) -> MaybeAwaitable[Provider]:
        if related := self._fetched(Relation.PROVIDER):
            return _provider(related.provider)
        return then(provider_by_id(info.context).load(self.row.provider_id), _provider)

    @strawberry.field(
        description="Where the offer takes place; null when it has no location.",
        graphql_type=Location | None,
    )
    def location(self, info: Info[OffersContext, None]) -> MaybeAwaitable[Location | None]:
        if self.row.location_id is None:
            return None
        if related := self._fetched(Relation.LOCATION):
            return _location(related.location)
        return then(location_by_id(info.context).load(self.row.location_id), _location)

    @strawberry.field(description="The region the offer belongs to.")
    async def region(self, info: Info[OffersContext, None]) -> Region:
        row = await region_by_ars(info.context).load(self.row.region_ars)
        assert row is not None  # foreign key
        return Region.from_row(row)

    @strawberry.field(
        description="Runs by start date; without `includePast` only those not over yet.",
        graphql_type=COURSE_RUN.many,
    )
    async def course_runs(
        self,
        info: Info[OffersContext, None],
        include_past: Annotated[
            bool,
            strawberry.argument(
                description="Also runs that are over; default: only runs not over yet."
            ),
        ] = False,
    ) -> list[object]:
        runs = await runs_of_offer(info.context, include_past=include_past).load(self.row.id)
        return [COURSE_RUN.resolved().from_row(r) for r in runs]

    @strawberry.field(
        description="Start of the next run that is not cancelled, from today on.",
        graphql_type=date | None,
    )
    def next_start(self, info: Info[OffersContext, None]) -> MaybeAwaitable[date | None]:
        if related := self._fetched(Relation.NEXT_START):
            return related.next_start
        return next_start_of_offer(info.context).load(self.row.id)


def _provider(row: ProviderRow | ProviderRecord | None) -> Provider:
    assert row is not None  # foreign key
    return Provider.from_row(row)


def _location(row: LocationRow | LocationRecord | None) -> Location | None:
    return Location.from_row(row) if row else None


def _shown_text(shown: Localized) -> str:
    return shown.text


def _shown_language(shown: Localized) -> str:
    return shown.language


def _shown_direction(shown: Localized) -> str:
    return shown.direction


def _shown_state(shown: Localized) -> TranslationState:
    return shown.state
