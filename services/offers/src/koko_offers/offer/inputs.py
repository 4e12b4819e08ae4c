"""Inputs of offer mutations. Code-list values (target groups, residence statuses, cost options,
format) are strings matched case-insensitively, so that a value outside the list is a typed
INVALID error naming its field instead of a schema error."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given, is_given
from koko_offers.offer.service import EDITABLE, References
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


@strawberry.input
class OfferCreateInput:
    provider_id: strawberry.ID
    region_ars: str | None = strawberry.field(
        default=None, description="A region inside the provider's; default: the provider's."
    )
    location_id: strawberry.ID | None = None
    category_code: str
    course_type_code: str | None = strawberry.field(
        default=None, description="Code of a course type valid today, e.g. BAMF_IK_ALLG."
    )
    title: str = strawberry.field(description="German title (at most 300 characters).")
    description: str = ""
    target_groups: list[str] = strawberry.field(default_factory=list, description=_TARGET_GROUPS)
    min_age: int | None = None
    max_age: int | None = None
    residence_statuses: list[str] = strawberry.field(default_factory=list, description=_RESIDENCE)
    eligibility_note: str | None = None
    instruction_languages: list[str] = strawberry.field(
        default_factory=list, description=_LANGUAGES
    )
    support_languages: list[str] = strawberry.field(default_factory=list, description=_LANGUAGES)
    cost_options: list[str] = strawberry.field(default_factory=list, description=_COSTS)
    fee_note: str | None = None
    childcare: bool = False
    format: str = strawberry.field(default="in_person", description=_FORMAT)
    url: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None

    def values(self) -> dict[str, Any]:
        return given(self, EDITABLE, codes=_CODES, required=_REQUIRED)

    def references(self) -> References:
        return References(
            location_id=(
                decode_id(self.location_id, "Location", "locationId") if self.location_id else None
            ),
            course_type_code=self.course_type_code,
        )


@strawberry.input(description="Fields left out stay as they are; null clears optional ones.")
class OfferUpdateInput:
    id: strawberry.ID
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    major_edit: bool = strawberry.field(
        default=True,
        description="True (default): translations of changed German texts become outdated. "
        "False for a minor edit (a typo): translations stay as they are.",
    )
    location_id: strawberry.ID | None = UNSET
    category_code: str | None = UNSET
    course_type_code: str | None = UNSET
    title: str | None = UNSET
    description: str | None = UNSET
    target_groups: list[str] | None = strawberry.field(default=UNSET, description=_TARGET_GROUPS)
    min_age: int | None = UNSET
    max_age: int | None = UNSET
    residence_statuses: list[str] | None = strawberry.field(default=UNSET, description=_RESIDENCE)
    eligibility_note: str | None = UNSET
    instruction_languages: list[str] | None = strawberry.field(
        default=UNSET, description=_LANGUAGES
    )
    support_languages: list[str] | None = strawberry.field(default=UNSET, description=_LANGUAGES)
    cost_options: list[str] | None = strawberry.field(default=UNSET, description=_COSTS)
    fee_note: str | None = UNSET
    childcare: bool | None = UNSET
    format: str | None = strawberry.field(default=UNSET, description=_FORMAT)
    url: str | None = UNSET
    contact_email: str | None = UNSET
    contact_phone: str | None = UNSET

    def values(self) -> dict[str, Any]:
        return given(self, EDITABLE, codes=_CODES, required=_REQUIRED)

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
    id: strawberry.ID
    expected_version: int
