"""Rules of writing providers: coordinators register providers in their region; a provider
keeps its own record current. Never commits: the request owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.change_log import service as change_log
from koko_offers.changes import UNSET, Unset, columns, or_none
from koko_offers.errors import Violations, not_found
from koko_offers.offer import repository as offer_repository
from koko_offers.provider import repository
from koko_offers.provider.models import PROVIDER_KINDS, Provider
from koko_offers.region import repository as region_repository
from koko_offers.validation import (
    check_ars,
    check_code_list,
    check_email,
    check_lengths,
    check_url,
)
from koko_shared.auth.actor import Actor


@dataclass(frozen=True, slots=True)
class NewProvider:
    """A provider to register (its region is named beside it)."""

    name: str
    kind: str
    description: str | None = None
    bamf_provider_number: str | None = None
    kursnet_provider_id: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class ProviderChange:
    """The fields of a provider to change; UNSET ones stay as they are, None clears."""

    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    description: str | Unset | None = UNSET
    bamf_provider_number: str | Unset | None = UNSET
    kursnet_provider_id: str | Unset | None = UNSET
    website: str | Unset | None = UNSET
    email: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET


def _check(problems: Violations, provider: NewProvider | ProviderChange) -> None:
    check_lengths(problems, Provider, columns(provider))
    if provider.kind is not UNSET:
        check_code_list(problems, "kind", provider.kind, PROVIDER_KINDS)
    check_url(problems, "website", or_none(provider.website))
    check_email(problems, "email", or_none(provider.email))


async def create(
    session: AsyncSession, actor: Actor, *, region_ars: str, new: NewProvider
) -> Provider:
    problems = Violations()
    check_ars(problems, "regionArs", region_ars)
    _check(problems, new)
    problems.raise_if_any()
    authorization.require_coordinator(actor, region_ars)
    if await region_repository.get(session, region_ars) is None:
        raise not_found("regionArs", "Region", region_ars)

    values = columns(new)
    provider = await repository.save(session, Provider(region_ars=region_ars, **values))
    await change_log.record(
        session,
        actor,
        entity="provider",
        entity_id=provider.id,
        action="created",
        region_ars=provider.region_ars,
        changes=change_log.diff({}, {"region_ars": region_ars, **values}),
        version=provider.version,
    )
    return provider


async def update(
    session: AsyncSession,
    actor: Actor,
    *,
    provider_id: UUID,
    expected_version: int,
    change: ProviderChange,
    major_edit: bool = True,
) -> Provider:
    problems = Violations()
    _check(problems, change)
    problems.raise_if_any()
    provider = await repository.lock(session, provider_id)
    if provider is None:
        raise not_found("id", "Provider", provider_id)
    authorization.require_provider_or_coordinator(actor, provider.region_ars, provider.id)
    writes.check_version(provider, expected_version)

    changes = writes.apply_changes(provider, columns(change))
    if not changes:
        return provider
    provider = await repository.save(session, provider)
    await writes.record_update(session, actor, "provider", provider, changes, major_edit=major_edit)
    # The provider's name is part of the search text of its offers.
    if "name" in changes:
        offer_ids = await offer_repository.ids_of_provider(session, provider.id)
        await offer_repository.refresh_search_vectors(session, offer_ids)
    return provider
