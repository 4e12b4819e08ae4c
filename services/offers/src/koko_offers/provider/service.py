"""Rules of writing providers: coordinators register providers in their region; a provider
keeps its own record current. Never commits: the request owns the transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization, writes
from koko_offers.change_log import service as change_log
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

# Columns a client may set (region only on create).
EDITABLE = (
    "name",
    "kind",
    "description",
    "bamf_provider_number",
    "kursnet_provider_id",
    "website",
    "email",
    "phone",
)


def _check(problems: Violations, values: dict[str, Any]) -> None:
    check_lengths(problems, Provider, values)
    if "kind" in values:
        check_code_list(problems, "kind", values["kind"], PROVIDER_KINDS)
    check_url(problems, "website", values.get("website"))
    check_email(problems, "email", values.get("email"))


async def create(
    session: AsyncSession, actor: Actor, *, region_ars: str, values: dict[str, Any]
) -> Provider:
    problems = Violations()
    check_ars(problems, "regionArs", region_ars)
    _check(problems, values)
    problems.raise_if_any()
    authorization.require_coordinator(actor, region_ars)
    if await region_repository.get(session, region_ars) is None:
        raise not_found("regionArs", "Region", region_ars)

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
    values: dict[str, Any],
    major_edit: bool = True,
) -> Provider:
    problems = Violations()
    _check(problems, values)
    problems.raise_if_any()
    provider = await repository.lock(session, provider_id)
    if provider is None:
        raise not_found("id", "Provider", provider_id)
    authorization.require_provider_or_coordinator(actor, provider.region_ars, provider.id)
    writes.check_version(provider, expected_version)

    changes = writes.apply_changes(provider, values)
    if not changes:
        return provider
    provider = await repository.save(session, provider)
    await writes.record_update(session, actor, "provider", provider, changes, major_edit=major_edit)
    # The provider's name is part of the search text of its offers.
    if "name" in changes:
        offer_ids = await offer_repository.ids_of_provider(session, provider.id)
        await offer_repository.refresh_search_vectors(session, offer_ids)
    return provider
