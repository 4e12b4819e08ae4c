"""Rules of writing actors: coordinators curate their region's network; a provider keeps its own
actor entry (linked to it) current, but only coordinators publish. Never commits."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.actor import repository
from koko_offers.actor.models import ACTOR_KINDS, Actor
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns, merged, or_none, values_of
from koko_offers.errors import CatalogueConflict, Violation, Violations, not_found
from koko_offers.network import checks
from koko_offers.provider import repository as provider_repository
from koko_offers.region import repository as region_repository
from koko_offers.validation import (
    check_ars,
    check_code_list,
    check_email,
    check_lengths,
    check_list_size,
    check_url,
)
from koko_shared.auth.actor import Actor as Caller
from koko_shared.auth.actor import ars_covers
from koko_shared.errors import ErrorCode

_LISTS = ("fields_of_action", "target_groups", "area_codes", "municipality_ars")


@dataclass(frozen=True, slots=True)
class NewActor:
    """An actor to register in a region's network (region and provider are named beside it);
    `published` only by coordinators."""

    kind: str
    name: str | None = None
    description: str | None = None
    website: str | None = None
    fields_of_action: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    area_codes: list[str] = field(default_factory=list)
    municipality_ars: list[str] = field(default_factory=list)
    contact_role: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_person: str | None = None
    contact_consent_date: date | None = None
    published: bool = False
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class ActorChange:
    """The fields of an actor to change; UNSET ones stay as they are, None clears."""

    name: str | Unset | None = UNSET
    kind: str | Unset = UNSET
    description: str | Unset | None = UNSET
    website: str | Unset | None = UNSET
    fields_of_action: list[str] | Unset = UNSET
    target_groups: list[str] | Unset = UNSET
    area_codes: list[str] | Unset = UNSET
    municipality_ars: list[str] | Unset = UNSET
    contact_role: str | Unset | None = UNSET
    contact_email: str | Unset | None = UNSET
    contact_phone: str | Unset | None = UNSET
    contact_person: str | Unset | None = UNSET
    contact_consent_date: date | Unset | None = UNSET
    published: bool | Unset = UNSET
    valid_from: date | Unset | None = UNSET
    valid_to: date | Unset | None = UNSET


@dataclass(frozen=True, slots=True)
class ActorValues:
    """The values a client may set of an actor after a change (or of a new actor), for the
    rules that span fields."""

    name: str | None
    kind: str
    description: str | None
    website: str | None
    fields_of_action: list[str]
    target_groups: list[str]
    area_codes: list[str]
    municipality_ars: list[str]
    contact_role: str | None
    contact_email: str | None
    contact_phone: str | None
    contact_person: str | None
    contact_consent_date: date | None
    published: bool
    valid_from: date | None
    valid_to: date | None


_Input = TypeVar("_Input", NewActor, ActorChange)


def _each_once(actor: _Input) -> _Input:
    """The input with each entry of its lists once."""
    lists: dict[str, Any] = {
        name: checks.dedupe(value)
        for name in _LISTS
        if (value := getattr(actor, name)) is not UNSET
    }
    return replace(actor, **lists)


def _values(actor: NewActor | ActorChange) -> dict[str, Any]:
    """Column values; an unpublished new actor is the default, not a decision to check."""
    values = columns(actor)
    if isinstance(actor, NewActor) and not actor.published:
        del values["published"]
    return values


def _check(problems: Violations, actor: NewActor | ActorChange) -> None:
    """Checks of the input alone (a change: of the fields it gives), each list entry once."""
    check_lengths(problems, Actor, columns(actor))
    if actor.kind is not UNSET:
        check_code_list(problems, "kind", actor.kind, ACTOR_KINDS)
    check_url(problems, "website", or_none(actor.website))
    check_email(problems, "contactEmail", or_none(actor.contact_email))
    checks.check_target_groups(problems, "targetGroups", or_none(actor.target_groups))
    check_list_size(problems, "areaCodes", or_none(actor.area_codes))
    check_list_size(problems, "municipalityArs", or_none(actor.municipality_ars))
    checks.check_validity(problems, or_none(actor.valid_from), or_none(actor.valid_to))


def _check_contact(problems: Violations, after: ActorValues) -> None:
    """A named person needs the date of their consent; without one, the e-mail address must be
    a function mailbox."""
    person, consent = after.contact_person, after.contact_consent_date
    if person and consent is None:
        problems.invalid("contactConsentDate", "consent_required")
    if consent is not None and consent > date.today():
        problems.invalid("contactConsentDate", "consent_in_future")
    email = after.contact_email
    if email and not person and checks.looks_personal(email):
        problems.invalid("contactEmail", "personal_contact", value=email[:80])


async def _check_places(
    session: AsyncSession, problems: Violations, region_ars: str, actor: NewActor | ActorChange
) -> None:
    """Areas are the region's own; municipalities lie inside it."""
    codes = or_none(actor.area_codes) or []
    if codes:
        known = {
            a.code for a in (await region_repository.areas_of(session, [region_ars]))[region_ars]
        }
        for code in codes:
            if code not in known:
                problems.invalid("areaCodes", "unknown_area", value=code[:60])
    municipalities = or_none(actor.municipality_ars) or []
    if municipalities:
        found = await region_repository.get_many(session, municipalities)
        for ars in municipalities:
            region = found.get(ars)
            if (
                region is None
                or region.level != "municipality"
                or ars == region_ars
                or not (ars_covers(region_ars, ars))
            ):
                problems.invalid("municipalityArs", "unknown_municipality", value=ars[:20])


async def _check_provider(
    session: AsyncSession, caller: Caller, region_ars: str, provider_id: UUID
) -> None:
    provider = await provider_repository.get(session, provider_id)
    if provider is None:
        raise not_found("providerId", "Provider", provider_id)
    if not ars_covers(region_ars, provider.region_ars):
        problems = Violations()
        problems.invalid("providerId", "provider_elsewhere", value=provider_id)
        problems.raise_if_any()
    if await repository.of_provider(session, provider_id) is not None:
        raise CatalogueConflict(
            [
                Violation(
                    ErrorCode.CONFLICT,
                    "provider_already_actor",
                    "providerId",
                    {"value": provider_id},
                )
            ]
        )


async def create(
    session: AsyncSession,
    caller: Caller,
    *,
    region_ars: str,
    provider_id: UUID | None,
    new: NewActor,
) -> Actor:
    new = _each_once(new)
    values = _values(new)
    problems = Violations()
    check_ars(problems, "regionArs", region_ars)
    _check(problems, new)
    if provider_id is None and not new.name:
        problems.invalid("name", "required")
    if provider_id is not None and new.name is not None:
        problems.invalid("name", "name_from_provider")
    _check_contact(problems, values_of(ActorValues, new))
    problems.raise_if_any()
    # Coordinators register anybody; a provider only its own organization.
    if provider_id is None or not authorization.acts_for_provider(caller, region_ars, provider_id):
        authorization.require_coordinator(caller, region_ars)
    if await region_repository.get(session, region_ars) is None:
        raise not_found("regionArs", "Region", region_ars)
    checks.check_publishing(problems, caller, region_ars, decides_published=new.published)
    await checks.check_fields_of_action(session, problems, "fieldsOfAction", new.fields_of_action)
    await _check_places(session, problems, region_ars, new)
    problems.raise_if_any()
    if provider_id is not None:
        await _check_provider(session, caller, region_ars, provider_id)

    actor = await repository.save(
        session, Actor(region_ars=region_ars, provider_id=provider_id, **values)
    )
    await change_log.record(
        session,
        caller,
        entity="actor",
        entity_id=actor.id,
        action="created",
        region_ars=region_ars,
        changes=change_log.diff(
            {}, {"region_ars": region_ars, "provider_id": provider_id, **values}
        ),
        version=actor.version,
    )
    return actor


async def update(
    session: AsyncSession,
    caller: Caller,
    *,
    actor_id: UUID,
    expected_version: int,
    change: ActorChange,
) -> Actor:
    change = _each_once(change)
    values = _values(change)
    problems = Violations()
    _check(problems, change)
    problems.raise_if_any()
    actor = await repository.lock(session, actor_id)
    if actor is None:
        raise not_found("id", "Actor", actor_id)
    if actor.provider_id is None or not authorization.acts_for_provider(
        caller, actor.region_ars, actor.provider_id
    ):
        authorization.require_coordinator(caller, actor.region_ars)
    writes.check_version(actor, expected_version)
    after = merged(ActorValues, actor, change)
    if actor.provider_id is None and not after.name:
        problems.invalid("name", "required")
    if actor.provider_id is not None and change.name is not None and change.name is not UNSET:
        problems.invalid("name", "name_from_provider")
    checks.check_validity(problems, after.valid_from, after.valid_to)
    _check_contact(problems, after)
    checks.check_publishing(
        problems, caller, actor.region_ars, decides_published=change.published is not UNSET
    )
    await checks.check_fields_of_action(
        session, problems, "fieldsOfAction", or_none(change.fields_of_action)
    )
    await _check_places(session, problems, actor.region_ars, change)
    problems.raise_if_any()

    changes = writes.apply_changes(actor, values)
    if not changes:
        return actor
    actor = await repository.save(session, actor)
    await change_log.record(
        session,
        caller,
        entity="actor",
        entity_id=actor.id,
        action="updated",
        region_ars=actor.region_ars,
        changes=changes,
        version=actor.version,
    )
    return actor
