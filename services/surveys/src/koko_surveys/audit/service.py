"""Record changes and microdata access in the append-only audit log. Details carry counts and
codes only, never a pseudonym, so entries outlive the erasure of the subjects they concern."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_surveys.audit import repository


async def record(
    session: AsyncSession,
    actor: Actor | str,
    action: str,
    study_id: UUID | None,
    detail: dict[str, Any] | None = None,
) -> None:
    subject = actor if isinstance(actor, str) else actor.subject
    await repository.append(
        session, actor=subject, action=action, study_id=study_id, detail=detail or {}
    )
