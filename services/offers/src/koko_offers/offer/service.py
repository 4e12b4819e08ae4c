"""Rules of writing offers: create and edit (German source, translations outdated on major edits),
confirm (the provider vouches the offer is current), publish and archive. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns, or_none
from koko_offers.course_type import repository as course_type_repository
from koko_offers.errors import Violations, invalid, not_found
from koko_offers.location import repository as location_repository
from koko_offers.offer import repository
from koko_offers.offer.models import (
    COST_OPTIONS,
    OFFER_FORMATS,
    RESIDENCE_STATUSES,
    TARGET_GROUPS,
    Offer,
)
from koko_offers.provider import repository as provider_repository
from koko_offers.region import repository as region_repository
from koko_offers.taxonomy import repository as taxonomy_repository
from koko_offers.validation import (
    check_ars,
    check_code_list,
    check_email,
    check_lengths,
    check_list_size,
    check_url,
    language_tags,
)
from koko_shared.auth.actor import Actor, ars_covers
from koko_shared.database.columns import utcnow
from koko_shared.errors import ErrorCode

MAX_AGE = 120
# Status changes: target -> the statuses it may come from.
_TRANSITIONS = {"published": ("draft", "archived"), "archived": ("draft", "published")}


@dataclass(frozen=True, slots=True)
class References:
    """Other records an offer points to, by what a client knows of them. A field left None is
    not changed; `clear_*` removes the reference."""

    location_id: UUID | None = None
    clear_location: bool = False
    course_type_code: str | None = None
    clear_course_type: bool = False


@dataclass(frozen=True, slots=True)
class NewOffer:
    """An offer to create (provider, region and references are named beside it)."""

    category_code: str
    title: str
    description: str = ""
    target_groups: list[str] = dataclass_field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    residence_statuses: list[str] = dataclass_field(default_factory=list)
    eligibility_note: str | None = None
    instruction_languages: list[str] = dataclass_field(default_factory=list)
    support_languages: list[str] = dataclass_field(default_factory=list)
    cost_options: list[str] = dataclass_field(default_factory=list)
    fee_note: str | None = None
    childcare: bool = False
    format: str = "in_person"
    url: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True, slots=True)
class OfferChange:
    """The fields of an offer to change; UNSET ones stay as they are, None clears."""

    category_code: str | Unset = UNSET
    title: str | Unset = UNSET
    description: str | Unset = UNSET
    target_groups: list[str] | Unset = UNSET
    min_age: int | Unset | None = UNSET
    max_age: int | Unset | None = UNSET
    residence_statuses: list[str] | Unset = UNSET
    eligibility_note: str | Unset | None = UNSET
    instruction_languages: list[str] | Unset = UNSET
    support_languages: list[str] | Unset = UNSET
    cost_options: list[str] | Unset = UNSET
    fee_note: str | Unset | None = UNSET
    childcare: bool | Unset = UNSET
    format: str | Unset = UNSET
    url: str | Unset | None = UNSET
    contact_email: str | Unset | None = UNSET
    contact_phone: str | Unset | None = UNSET


def _check(
    problems: Violations, offer: NewOffer | OfferChange, ages: tuple[Any, Any]
) -> dict[str, Any]:
    """Checks of the input alone; returns its column values with language tags normalized."""
    values = columns(offer)
    check_lengths(problems, Offer, values)
    for field, codes, allowed in (
        ("targetGroups", offer.target_groups, TARGET_GROUPS),
        ("residenceStatuses", offer.residence_statuses, RESIDENCE_STATUSES),
        ("costOptions", offer.cost_options, COST_OPTIONS),
    ):
        if codes is not UNSET:
            check_list_size(problems, field, codes)
            check_code_list(problems, field, codes, allowed)
    if offer.format is not UNSET:
        check_code_list(problems, "format", offer.format, OFFER_FORMATS)
    for name, tags_field, tags in (
        ("instruction_languages", "instructionLanguages", offer.instruction_languages),
        ("support_languages", "supportLanguages", offer.support_languages),
    ):
        if tags is not UNSET:
            values[name] = language_tags(problems, tags_field, tags)
    min_age, max_age = ages
    for age_field, age in (("minAge", min_age), ("maxAge", max_age)):
        if age is not None and not 0 <= age <= MAX_AGE:
            problems.invalid(age_field, "age_range")
    if (
        min_age is not None
        and max_age is not None
        and not problems.has("minAge")
        and not problems.has("maxAge")
        and min_age > max_age
    ):
        problems.invalid("maxAge", "ages_order")
    check_url(problems, "url", or_none(offer.url))
    check_email(problems, "contactEmail", or_none(offer.contact_email))
    return values


async def _resolve(
    session: AsyncSession,
    actor: Actor,
    offer_region: str,
    code: str | None,
    references: References,
) -> dict[str, Any]:
    """Check that the category, course type and location exist (and the location is the
    actor's own and lies in the offer's region); the columns to store for them."""
    problems = Violations()
    resolved: dict[str, Any] = {}
    if code is not None and not await taxonomy_repository.get_many(session, [code]):
        problems.invalid("categoryCode", "unknown_category", value=code[:60])
    if references.clear_course_type:
        resolved["course_type_id"] = None
    elif references.course_type_code is not None:
        course_type = await course_type_repository.valid_by_code(
            session, references.course_type_code, date.today()
        )
        if course_type is None:
            problems.invalid(
                "courseTypeCode", "unknown_course_type", value=references.course_type_code[:60]
            )
        else:
            resolved["course_type_id"] = course_type.id
    if references.clear_location:
        resolved["location_id"] = None
    elif references.location_id is not None:
        location = (await location_repository.get_many(session, [references.location_id])).get(
            references.location_id
        )
        if location is None:
            problems.add(
                ErrorCode.NOT_FOUND,
                "not_found",
                "locationId",
                what="Location",
                value=references.location_id,
            )
        else:
            authorization.require_owned_reference(
                actor,
                field="locationId",
                what="Location",
                value=location.id,
                region_ars=location.region_ars,
                provider_id=location.provider_id,
            )
            if not ars_covers(offer_region, location.region_ars):
                problems.invalid("locationId", "location_elsewhere")
            else:
                resolved["location_id"] = location.id
    problems.raise_if_any()
    return resolved


async def create(
    session: AsyncSession,
    actor: Actor,
    *,
    provider_id: UUID,
    region_ars: str | None,
    references: References,
    new: NewOffer,
) -> Offer:
    """A new offer of `provider_id`, a draft until it is published."""
    problems = Violations()
    check_ars(problems, "regionArs", region_ars)
    values = _check(problems, new, (new.min_age, new.max_age))
    problems.raise_if_any()
    provider = await provider_repository.get(session, provider_id)
    if provider is None:
        raise not_found("providerId", "Provider", provider_id)
    region_ars = region_ars or provider.region_ars
    authorization.require_provider_or_coordinator(actor, region_ars, provider.id)
    if not ars_covers(provider.region_ars, region_ars):
        raise invalid("regionArs", "region_outside", value=region_ars, parent=provider.region_ars)
    if await region_repository.get(session, region_ars) is None:
        raise not_found("regionArs", "Region", region_ars)
    resolved = await _resolve(session, actor, region_ars, new.category_code, references)
    values = {**values, **resolved}

    offer = await repository.save(
        session, Offer(provider_id=provider.id, region_ars=region_ars, status="draft", **values)
    )
    await repository.refresh_search_vectors(session, [offer.id])
    await change_log.record(
        session,
        actor,
        entity="offer",
        entity_id=offer.id,
        action="created",
        region_ars=offer.region_ars,
        changes=change_log.diff(
            {}, {"provider_id": provider.id, "region_ars": region_ars, **values}
        ),
        version=offer.version,
    )
    return offer


async def _locked(
    session: AsyncSession, actor: Actor, offer_id: UUID, expected_version: int
) -> Offer:
    """The offer, locked, after the permission and version checks every change of it needs."""
    offer = await repository.lock(session, offer_id)
    if offer is None:
        raise not_found("id", "Offer", offer_id)
    authorization.require_provider_or_coordinator(actor, offer.region_ars, offer.provider_id)
    writes.check_version(offer, expected_version)
    return offer


async def update(
    session: AsyncSession,
    actor: Actor,
    *,
    offer_id: UUID,
    expected_version: int,
    references: References,
    change: OfferChange,
    major_edit: bool = True,
) -> Offer:
    """Edit an offer. In a major edit, translations of changed German fields become outdated;
    a minor edit (a typo) leaves them as they are."""
    problems = Violations()
    check_lengths(problems, Offer, columns(change))
    problems.raise_if_any()
    offer = await _locked(session, actor, offer_id, expected_version)
    values = _check(
        problems,
        change,
        (
            offer.min_age if change.min_age is UNSET else change.min_age,
            offer.max_age if change.max_age is UNSET else change.max_age,
        ),
    )
    problems.raise_if_any()
    code = or_none(change.category_code)
    values = {**values, **await _resolve(session, actor, offer.region_ars, code, references)}

    changes = writes.apply_changes(offer, values)
    if not changes:
        return offer
    offer = await repository.save(session, offer)
    await writes.record_update(session, actor, "offer", offer, changes, major_edit=major_edit)
    await repository.refresh_search_vectors(session, [offer.id])
    return offer


async def confirm(
    session: AsyncSession, actor: Actor, *, offer_id: UUID, expected_version: int
) -> Offer:
    """Record that the provider (or a coordinator) checked this offer is still accurate."""
    offer = await _locked(session, actor, offer_id, expected_version)
    if offer.status == "archived":
        raise invalid("id", "status_transition", current=offer.status, target="confirmed")
    before = writes.snapshot(offer, ("last_confirmed_at", "last_confirmed_by"))
    offer.last_confirmed_at = utcnow()
    offer.last_confirmed_by = actor.subject
    writes.bump(offer)
    offer = await repository.save(session, offer)
    await change_log.record(
        session,
        actor,
        entity="offer",
        entity_id=offer.id,
        action="confirmed",
        region_ars=offer.region_ars,
        changes=change_log.diff(
            before,
            {"last_confirmed_at": offer.last_confirmed_at, "last_confirmed_by": actor.subject},
        ),
        version=offer.version,
    )
    return offer


async def change_status(
    session: AsyncSession, actor: Actor, *, offer_id: UUID, expected_version: int, target: str
) -> Offer:
    """Publish or archive an offer."""
    offer = await _locked(session, actor, offer_id, expected_version)
    if offer.status not in _TRANSITIONS[target]:
        raise invalid("id", "status_transition", current=offer.status, target=target)
    changes = writes.apply_changes(offer, {"status": target})
    offer = await repository.save(session, offer)
    await change_log.record(
        session,
        actor,
        entity="offer",
        entity_id=offer.id,
        action=target,
        region_ars=offer.region_ars,
        changes=changes,
        version=offer.version,
    )
    return offer
