"""REST: erasure of one subject by pseudonym, and withdrawal of consent. Both answer 204 for a
pseudonym with or without data (presence is not the caller's to learn); every request, refused
ones included, leaves an audit entry without the pseudonym."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.auth.dependencies import SignedInActor
from koko_shared.database.engine import SessionDep
from koko_shared.errors import DomainError, InvalidInput, domain_problem, request_problem_language
from koko_surveys.audit import service as audit
from koko_surveys.subject import service
from koko_surveys.subject.dependencies import PseudonymKeysDep
from koko_surveys.subject.pseudonym import CLIENT_PSEUDONYM_PATTERN

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["subjects"])
Pseudonym = Annotated[
    str,
    Path(
        description="The client's pseudonym: HMAC-SHA256(K1, normalized id), 64 hex",
        json_schema_extra={"pattern": CLIENT_PSEUDONYM_PATTERN},
    ),
]


async def _audited(
    session: AsyncSession,
    actor: Actor,
    action: str,
    study_id: UUID,
    done: Awaitable[None],
    language: str,
) -> Response:
    """204 when done; a refusal is answered (not raised, in `language`), so its audit entry is
    kept."""
    try:
        async with session.begin_nested():
            await done
    except DomainError as refused:
        await audit.record(session, actor, action, study_id, {"code": refused.code.value})
        return domain_problem(refused, language)
    return Response(status_code=204)


@router.delete("/subjects/{pseudonym}", status_code=204)
async def erase_subject(
    study_id: UUID,
    pseudonym: Pseudonym,
    request: Request,
    session: SessionDep,
    actor: SignedInActor,
    keys: PseudonymKeysDep,
) -> Response:
    """Erase everything of one subject (204 whether or not the pseudonym has data)."""
    erased = service.erase(session, actor, study_id=study_id, pseudonym=pseudonym, keys=keys)
    language = request_problem_language(request)
    return await _audited(session, actor, "subject.erasure_refused", study_id, erased, language)


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
    pseudonym: Pseudonym,
    request: Request,
    session: SessionDep,
    actor: SignedInActor,
    keys: PseudonymKeysDep,
) -> Response:
    """Record a withdrawal of consent (204 whether or not the pseudonym has data); submissions
    relying on a consent given before it are rejected from now on."""

    async def withdraw() -> None:
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
            session, actor, study_id=study_id, pseudonym=pseudonym, scope=body.scope, keys=keys
        )

    language = request_problem_language(request)
    return await _audited(
        session, actor, "consent.withdrawal_refused", study_id, withdraw(), language
    )
