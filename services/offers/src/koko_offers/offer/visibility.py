"""Which offers an actor may read: published ones for everybody; drafts and archived offers for
the coordinators of their region and for the provider that owns them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from koko_shared.auth.actor import ALL_REGIONS, Actor, Role, ars_prefix
from koko_shared.errors import InvalidInput
from koko_shared.graphql.ids import from_global_id


@dataclass(frozen=True, slots=True)
class ReadScope:
    """Besides published offers, the actor also reads every offer in these region prefixes (all
    when `everything`) and every offer of these providers."""

    everything: bool = False
    region_prefixes: tuple[str, ...] = ()
    provider_ids: tuple[UUID, ...] = ()

    @property
    def published_only(self) -> bool:
        return not (self.everything or self.region_prefixes or self.provider_ids)


PUBLIC_SCOPE = ReadScope()


def read_scope(actor: Actor) -> ReadScope:
    regions = actor.regions(Role.COORDINATOR)
    providers = {
        provider_id
        for grant in actor.grants
        if grant.role == Role.PROVIDER and grant.organization
        for provider_id in [_provider_id(grant.organization)]
        if provider_id is not None
    }
    return ReadScope(
        everything=ALL_REGIONS in regions,
        region_prefixes=tuple(sorted({ars_prefix(r) for r in regions if r != ALL_REGIONS})),
        provider_ids=tuple(sorted(providers)),
    )


def _provider_id(organization: str) -> UUID | None:
    """A provider grant names its organization by uuid or by the Provider's global id."""
    try:
        return UUID(organization)
    except ValueError:
        pass
    try:
        type_name, local = from_global_id(organization)
    except InvalidInput:
        return None
    return local if type_name == "Provider" else None
