"""Who may write what in the catalogue. Public actors write nothing; a provider writes only the
records of its own organization (a provider grant whose `organization` is the provider id, in a
region covering the record); a coordinator writes everything in its region; an admin everywhere.
A failed check raises FORBIDDEN before anything is changed.

The same holds for every reference a writer sets (offer -> provider and location, course run ->
offer and location, location -> provider, translation -> record, pathway step -> offer): it
must point at something the writer owns. What the writer cannot even read (a draft of another
provider) is NOT_FOUND, so a refusal does not reveal that it exists."""

from __future__ import annotations

from uuid import UUID

from koko_offers.errors import (
    CataloguePermissionDenied,
    Violation,
    not_found,
    permission_denied,
)
from koko_offers.offer.models import Offer
from koko_offers.offer.visibility import read_scope
from koko_shared.auth.actor import Actor, Role
from koko_shared.errors import ErrorCode
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


def can_read_offer(actor: Actor, offer: Offer) -> bool:
    """What `offer.repository.readable` says in SQL, for one loaded offer."""
    if offer.status == "published":
        return True
    scope = read_scope(actor)
    return (
        scope.everything
        or any(offer.region_ars.startswith(p) for p in scope.region_prefixes)
        or offer.provider_id in scope.provider_ids
    )


def require_owned_reference(
    actor: Actor,
    *,
    field: str,
    what: str,
    value: UUID,
    region_ars: str,
    provider_id: UUID | None,
    readable: bool = True,
) -> None:
    """A reference the actor sets in `field` to the record (`what`, `value`) of `provider_id` in
    `region_ars`: coordinators of that region may refer to anything there, providers only to
    records of their own organization. NOT_FOUND when the actor cannot read the record."""
    if is_coordinator(actor, region_ars):
        return
    if provider_id is not None and acts_for_provider(actor, region_ars, provider_id):
        return
    if not readable:
        raise not_found(field, what, value)
    raise CataloguePermissionDenied(
        [
            Violation(
                ErrorCode.FORBIDDEN, "reference_not_owned", field, {"what": what, "value": value}
            )
        ]
    )
