"""Inputs of offer mutations. Code-list values (target groups, residence statuses, cost options,
format) are strings matched case-insensitively, so that a value outside the list is a typed
INVALID error naming its field instead of a schema error."""

from __future__ import annotations

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given, is_given
from koko_offers.offer.service import NewOffer, OfferChange, References
from koko_offers.validation import decode_id

_CODES = ("target_groups", "residence_statuses", "cost_options", "format")
_REQUIRED = (
    "category_code",
    "title",
    "description",
    "target_groups",
    "residence_statuses",
    "instruction_languages",
    "support_languages",
    "cost_options",
    "childcare",
    "format",
)
_TARGET_GROUPS = "Codes of TargetGroup: children, youth_under_27, adults, women, parents, ..."
_RESIDENCE = "Codes of ResidenceStatus: asylum_seeker, recognised_refugee, ..., any."
_COSTS = "Codes of CostOption: free, bamf, jobcenter, bildungsgutschein, fee, reduced_fee."
_FORMAT = "in_person, online or hybrid."
_LANGUAGES = "BCP-47 language tags, e.g. de, ar, uk, fa-AF."


@strawberry.input(description="A new offer; it starts as a draft.")
class OfferCreateInput:
    provider_id: strawberry.ID = strawberry.field(description="Id of the provider offering it.")
    region_ars: str | None = strawberry.field(
        default=None, description="A region inside the provider's; default: the provider's."
    )
    location_id: strawberry.ID | None = strawberry.field(
        default=None, description="Id of the location where it takes place; null for none."
    )
    category_code: str = strawberry.field(
        description="Code of the category (see `categories`), e.g. language_course."
    )
    course_type_code: str | None = strawberry.field(
        default=None, description="Code of a course type valid today, e.g. BAMF_IK_ALLG."
    )
    title: str = strawberry.field(description="German title (at most 300 characters).")
    description: str = strawberry.field(default="", description="German description.")
    target_groups: list[str] = strawberry.field(default_factory=list, description=_TARGET_GROUPS)
    min_age: int | None = strawberry.field(
        default=None, description="Youngest age admitted in years; null: no lower limit."
    )
    max_age: int | None = strawberry.field(
        default=None, description="Oldest age admitted in years; null: no upper limit."
    )
    residence_statuses: list[str] = strawberry.field(default_factory=list, description=_RESIDENCE)
    eligibility_note: str | None = strawberry.field(
        default=None, description="Further conditions of admission, in German."
    )
    instruction_languages: list[str] = strawberry.field(
        default_factory=list, description=_LANGUAGES
    )
    support_languages: list[str] = strawberry.field(default_factory=list, description=_LANGUAGES)
    cost_options: list[str] = strawberry.field(default_factory=list, description=_COSTS)
    fee_note: str | None = strawberry.field(
        default=None, description="What participation costs and who pays, in German."
    )
    childcare: bool = strawberry.field(
        default=False, description="Whether childcare is offered alongside."
    )
    format: str = strawberry.field(default="in_person", description=_FORMAT)
    url: str | None = strawberry.field(
        default=None, description="The provider's page about the offer."
    )
    contact_email: str | None = strawberry.field(
        default=None, description="Whom to write about the offer."
    )
    contact_phone: str | None = strawberry.field(
        default=None, description="Whom to call about the offer."
    )

    def to_create(self) -> NewOffer:
        return given(self, NewOffer, codes=_CODES, required=_REQUIRED)

    def references(self) -> References:
        return References(
            location_id=(
                decode_id(self.location_id, "Location", "locationId") if self.location_id else None
            ),
            course_type_code=self.course_type_code,
        )


@strawberry.input(description="Fields left out stay as they are; null clears optional ones.")
class OfferUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the offer to change.")
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    major_edit: bool = strawberry.field(
        default=True,
        description="True (default): translations of changed German texts become outdated. "
        "False for a minor edit (a typo): translations stay as they are.",
    )
    location_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Id of the location; null: none."
    )
    category_code: str | None = strawberry.field(
        default=UNSET, description="Code of the category (see `categories`)."
    )
    course_type_code: str | None = strawberry.field(
        default=UNSET, description="Code of a course type valid today; null: none."
    )
    title: str | None = strawberry.field(
        default=UNSET, description="German title (at most 300 characters)."
    )
    description: str | None = strawberry.field(default=UNSET, description="German description.")
    target_groups: list[str] | None = strawberry.field(default=UNSET, description=_TARGET_GROUPS)
    min_age: int | None = strawberry.field(
        default=UNSET, description="Youngest age admitted in years; null: no lower limit."
    )
    max_age: int | None = strawberry.field(
        default=UNSET, description="Oldest age admitted in years; null: no upper limit."
    )
    residence_statuses: list[str] | None = strawberry.field(default=UNSET, description=_RESIDENCE)
    eligibility_note: str | None = strawberry.field(
        default=UNSET, description="Further conditions of admission, in German."
    )
    instruction_languages: list[str] | None = strawberry.field(
        default=UNSET, description=_LANGUAGES
    )
    support_languages: list[str] | None = strawberry.field(default=UNSET, description=_LANGUAGES)
    cost_options: list[str] | None = strawberry.field(default=UNSET, description=_COSTS)
    fee_note: str | None = strawberry.field(
        default=UNSET, description="What participation costs and who pays, in German."
    )
    childcare: bool | None = strawberry.field(
        default=UNSET, description="Whether childcare is offered alongside."
    )
    format: str | None = strawberry.field(default=UNSET, description=_FORMAT)
    url: str | None = strawberry.field(
        default=UNSET, description="The provider's page about the offer."
    )
    contact_email: str | None = strawberry.field(
        default=UNSET, description="Whom to write about the offer."
    )
    contact_phone: str | None = strawberry.field(
        default=UNSET, description="Whom to call about the offer."
    )

    def to_change(self) -> OfferChange:
        return given(self, OfferChange, codes=_CODES, required=_REQUIRED)

    def references(self) -> References:
        location_given, course_type_given = (
            is_given(self.location_id),
            is_given(self.course_type_code),
        )
        return References(
            location_id=(
                decode_id(self.location_id, "Location", "locationId")
                if location_given and self.location_id
                else None
            ),
            clear_location=location_given and self.location_id is None,
            course_type_code=self.course_type_code if course_type_given else None,
            clear_course_type=course_type_given and self.course_type_code is None,
        )


@strawberry.input(description="An offer and the version a status change is based on.")
class OfferVersionInput:
    id: strawberry.ID = strawberry.field(description="Id of the offer.")
    expected_version: int = strawberry.field(
        description="The version the change is based on; refused as CONFLICT when outdated."
    )
