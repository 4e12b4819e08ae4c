"""Which studies an actor may see (the read scope), as one SQL condition and nowhere else:
public aggregates; analysts, coordinators and admins of the study's region, of a region inside
it, or of a region it covers; integrators of the studies their grant names. Lists page and count
with it in the database, and single studies are loaded through it (`repository.visible_by_id`)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlmodel import col

from koko_shared.auth.actor import ALL_REGIONS, Actor, Role, ars_ancestors, ars_prefix
from koko_shared.errors import InvalidInput
from koko_shared.graphql.ids import from_global_id
from koko_surveys.study.models import Study

# Roles that see every study of their region and the larger studies covering it.
_READERS = (Role.ANALYST, Role.COORDINATOR, Role.ADMIN)


def in_region(region: str) -> ColumnElement[bool]:
    """Studies of `region` or of a region inside it."""
    if region == ALL_REGIONS:
        return true()
    return col(Study.region_ars).startswith(ars_prefix(region))


def covering(region: str) -> ColumnElement[bool]:
    """Studies of a region that contains `region` (or is it): a state-wide study covers a city."""
    return col(Study.region_ars).in_(ars_ancestors(region))


def visible_to(actor: Actor) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [col(Study.aggregates_public).is_(True)]
    for grant in actor.grants:
        if grant.role in _READERS:
            if grant.region == ALL_REGIONS:
                return true()
            conditions += [in_region(grant.region), covering(grant.region)]
        elif grant.role == Role.INTEGRATOR and grant.studies:
            ids, codes = _study_names(grant.studies)
            named = or_(col(Study.id).in_(ids), col(Study.code).in_(codes))
            conditions.append(and_(in_region(grant.region), named))
    return or_(*conditions) if conditions else false()


def _study_names(names: tuple[str, ...]) -> tuple[list[UUID], list[str]]:
    """A grant names a study by uuid, global id or code."""
    ids: list[UUID] = []
    for name in names:
        try:
            ids.append(UUID(name))
            continue
        except ValueError:
            pass
        try:
            type_name, local = from_global_id(name)
        except InvalidInput:
            continue
        if type_name == "Study":
            ids.append(local)
    return ids, list(names)
