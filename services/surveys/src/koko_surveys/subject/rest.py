"""REST: erasure of one subject by pseudonym."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from koko_shared.auth.dependencies import SignedInActor
from koko_shared.database.engine import SessionDep
from koko_surveys.subject import service

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["subjects"])


@router.delete("/subjects/{pseudonym}", status_code=204)
async def erase_subject(
    study_id: UUID, pseudonym: str, request: Request, session: SessionDep, actor: SignedInActor
) -> Response:
    await service.erase(
        session,
        actor,
        study_id=study_id,
        pseudonym=pseudonym,
        keys=request.app.state.pseudonym_keys,
    )
    return Response(status_code=204)


class ConsentWithdrawal(BaseModel):
    scope: Literal["participation", "panel_follow_up", "linkage"]


@router.post("/subjects/{pseudonym}/consent-withdrawals", status_code=204)
async def withdraw_consent(
    study_id: UUID,
    pseudonym: str,
    body: ConsentWithdrawal,
    request: Request,
    session: SessionDep,
    actor: SignedInActor,
) -> Response:
    """Record a withdrawal of consent; submissions that need it are rejected from now on."""
    await service.withdraw_consent(
        session,
        actor,
        study_id=study_id,
        pseudonym=pseudonym,
        scope=body.scope,
        keys=request.app.state.pseudonym_keys,
    )
    return Response(status_code=204)
