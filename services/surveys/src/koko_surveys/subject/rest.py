"""REST: erasure of one subject by pseudonym, and withdrawal of consent."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ValidationError

from koko_shared.auth.dependencies import SignedInActor
from koko_shared.database.engine import SessionDep
from koko_shared.errors import InvalidInput
from koko_surveys.subject import service
from koko_surveys.subject.dependencies import PseudonymKeysDep

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["subjects"])


@router.delete("/subjects/{pseudonym}", status_code=204)
async def erase_subject(
    study_id: UUID,
    pseudonym: str,
    session: SessionDep,
    actor: SignedInActor,
    keys: PseudonymKeysDep,
) -> Response:
    await service.erase(
        session,
        actor,
        study_id=study_id,
        pseudonym=pseudonym,
        keys=keys,
    )
    return Response(status_code=204)


class ConsentWithdrawal(BaseModel):
    scope: Literal["participation", "panel_follow_up", "linkage"]


@router.post(
    "/subjects/{pseudonym}/consent-withdrawals",
    status_code=204,
    # The body is read by hand after the rights check, so it is documented here.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ConsentWithdrawal.model_json_schema()}},
        }
    },
)
async def withdraw_consent(
    study_id: UUID,
    pseudonym: str,
    request: Request,
    session: SessionDep,
    actor: SignedInActor,
    keys: PseudonymKeysDep,
) -> Response:
    """Record a withdrawal of consent; submissions that need it are rejected from now on."""
    # Who may act on the study's subjects is settled before the body is read.
    await service.subject_study(session, actor, study_id)
    try:
        body = ConsentWithdrawal.model_validate_json(await request.body())
    except ValidationError as exc:
        raise InvalidInput(
            "the body must be a JSON object with 'scope': one of participation, "
            "panel_follow_up, linkage",
            field=".".join(str(p) for p in exc.errors()[0]["loc"]) or None,
        ) from None
    await service.withdraw_consent(
        session,
        actor,
        study_id=study_id,
        pseudonym=pseudonym,
        scope=body.scope,
        keys=keys,
    )
    return Response(status_code=204)
