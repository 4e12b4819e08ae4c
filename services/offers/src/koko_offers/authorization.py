"""Who may write what in the catalogue. Public actors write nothing; a provider writes only the
records of its own organization (a provider grant whose `organization` is the provider id, in a
region covering the record); a coordinator writes everything in its region; an admin everywhere.
A failed check raises PERMISSION_DENIED before anything is changed."""

from __future__ import annotations

from uuid import UUID

from koko_offers.errors import permission_denied
from koko_shared.auth.actor import Actor, Role
from koko_shared.graphql.ids import to_global_id


def is_coordinator(actor: Actor, region_ars: str) -> bool:
    """Coordinator (or admin) of a region covering `region_ars`."""
    return actor.has_role(Role.COORDINATOR, region_ars)


def acts_for_provider(actor: Actor, region_ars: str, provider_id: UUID) -> bool:
    """A provider grant names its organization by uuid or by the Provider's global id."""
    organizations = actor.organizations(region_ars)
    return (
        str(provider_id) in organizations or to_global_id("Provider", provider_id) in organizations
    )


def require_coordinator(actor: Actor, region_ars: str) -> None:
    if not is_coordinator(actor, region_ars):
        raise permission_denied()


def require_provider_or_coordinator(actor: Actor, region_ars: str, provider_id: UUID) -> None:
    """Records owned by a provider: the provider itself or a coordinator of the region."""
    if is_coordinator(actor, region_ars) or acts_for_provider(actor, region_ars, provider_id):
        return
    raise permission_denied()
