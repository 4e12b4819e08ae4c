"""The panel view: an admin allows one analyst to receive a study's waves linked per person.
Grants and revocations are audited; without a grant every export holds one wave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor, Role
from koko_shared.errors import InvalidInput
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.export import repository
from koko_surveys.study.models import Study


@dataclass(frozen=True, slots=True)
class PanelGrant:
    analyst: str
    granted_by: str
    granted_at: datetime


def _require_admin(actor: Actor, study: Study) -> None:
    authorization.require(
        actor.has_role(Role.ADMIN, study.region_ars),
        "only admins of the study's region grant or revoke the panel view",
    )


def _analyst(value: str) -> str:
    analyst = value.strip()
    if not analyst or len(analyst) > 255:
        raise InvalidInput(
            "analyst is the subject of the analyst's credential (1 to 255 characters)",
            field="analyst",
        )
    return analyst


async def grant(session: AsyncSession, actor: Actor, study: Study, analyst: str) -> None:
    _require_admin(actor, study)
    name = _analyst(analyst)
    if await repository.grant_panel_access(session, study.id, name, actor.subject):
        await audit.record(
            session, actor, "study.panel_access_granted", study.id, {"analyst": name}
        )


async def revoke(session: AsyncSession, actor: Actor, study: Study, analyst: str) -> None:
    _require_admin(actor, study)
    name = _analyst(analyst)
    if await repository.revoke_panel_access(session, study.id, name):
        await audit.record(
            session, actor, "study.panel_access_revoked", study.id, {"analyst": name}
        )


async def grants(session: AsyncSession, actor: Actor, study: Study) -> list[PanelGrant]:
    """Every grant for the study's admins; an analyst sees their own; anyone else nothing."""
    rows = [PanelGrant(*row) for row in await repository.panel_access_of(session, study.id)]
    if actor.has_role(Role.ADMIN, study.region_ars):
        return rows
    return [g for g in rows if g.analyst == actor.subject]
