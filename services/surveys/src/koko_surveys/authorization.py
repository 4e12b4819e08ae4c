"""Who may do what with a study: the rules the services apply (resolvers and REST handlers ask
the services, never these rules). Which studies an actor sees at all is the read scope, one SQL
condition (`study.visibility.visible_to`), not a rule here."""

from __future__ import annotations

from koko_shared.auth.actor import ALL_REGIONS, Actor, Role, ars_prefix
from koko_shared.errors import PermissionDenied
from koko_shared.graphql.ids import to_global_id
from koko_surveys.study.models import Study


def _names(study: Study) -> set[str]:
    return {str(study.id), to_global_id("Study", study.id), study.code}


def can_manage(actor: Actor, region_ars: str) -> bool:
    return actor.has_role(Role.COORDINATOR, region_ars)


def can_write(actor: Actor, study: Study) -> bool:
    """Integrators write only to the studies named in their grant (inside its region)."""
    if can_manage(actor, study.region_ars):
        return True
    return any(
        g.role == Role.INTEGRATOR and bool(set(g.studies) & _names(study))
        for g in actor.grants_for(Role.INTEGRATOR, study.region_ars)
    )


def can_read_microdata(actor: Actor, study: Study) -> bool:
    return actor.has_role(Role.ANALYST, study.region_ars)


def microdata_regions(actor: Actor, study: Study) -> list[str] | None:
    """Where an analyst may read this study's microdata: None for all of it (a grant covers the
    study's region), else the ARS prefixes of their grants inside the study's region (a city
    analyst in a state-wide study sees the city's subjects only); [] for nowhere."""
    if can_read_microdata(actor, study):
        return None
    study_prefix = ars_prefix(study.region_ars)
    return sorted(
        ars_prefix(region)
        for region in actor.regions(Role.ANALYST)
        if region != ALL_REGIONS and ars_prefix(region).startswith(study_prefix)
    )


def can_read_internal_aggregates(actor: Actor, study: Study) -> bool:
    return (
        any(actor.has_role(role, study.region_ars) for role in (Role.ANALYST, Role.COORDINATOR))
        or can_write(actor, study)
        or works_inside(actor, study)
    )


def can_read_live_aggregates(actor: Actor, study: Study) -> bool:
    """Analysts of the study's region (or of a region inside it) read live figures; everyone
    else reads releases."""
    study_prefix = ars_prefix(study.region_ars)
    return actor.has_role(Role.ANALYST, study.region_ars) or any(
        region != ALL_REGIONS and ars_prefix(region).startswith(study_prefix)
        for region in actor.regions(Role.ANALYST)
    )


def works_inside(actor: Actor, study: Study) -> bool:
    """Analysts and coordinators of a region inside a larger study's region (a city in a
    state-wide study) see the study and its aggregates."""
    study_prefix = ars_prefix(study.region_ars)
    return any(
        region != ALL_REGIONS and ars_prefix(region).startswith(study_prefix)
        for region in actor.regions(Role.ANALYST, Role.COORDINATOR)
    )


def acts_in_region(actor: Actor, study: Study) -> bool:
    """Whether the actor holds a role for the study's region (or a region inside it; an
    integrator only for the studies named in the grant). Only to such an actor do the routes
    that act on a study admit that it exists: anyone else gets the 404 of an unknown id."""
    return can_read_internal_aggregates(actor, study) or bool(microdata_regions(actor, study))


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
