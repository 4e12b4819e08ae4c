"""REST: bulk ingest of submissions."""

from __future__ import annotations

import hashlib
from typing import Annotated
from uuid import UUID

import orjson
from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response

from koko_shared.auth.dependencies import SignedInActor
from koko_shared.database.engine import SessionDep, brief_session
from koko_shared.errors import (
    ErrorCode,
    InvalidInput,
    language_headers,
    problem,
    request_problem_language,
)
from koko_shared.i18n import translate
from koko_surveys.ingest import schema
from koko_surveys.ingest.formats import parse_rows
from koko_surveys.ingest.schema import BATCH_OPENAPI
from koko_surveys.ingest.service import BatchRejected, BatchResult, Mode, ingest
from koko_surveys.settings import SurveysSettingsDep
from koko_surveys.study import service as study_service
from koko_surveys.subject.dependencies import PseudonymKeysDep
from koko_surveys.submission import repository as submission_repository
from koko_surveys.wave import service as wave_service


def rejected_batch_problem(batch: BatchResult, language: str) -> Response:
    """Atomic mode with a failing row: 422 with every row's result (nothing was stored)."""
    refused = BatchRejected(batch)
    return problem(
        422,
        refused.code,
        refused.message_in(language),
        headers=language_headers(language),
        **batch.as_dict(language),
    )


router = APIRouter(prefix="/v1/studies/{study_id}", tags=["submissions"])


@router.post(
    "/waves/{wave_id}/submissions:batch",
    operation_id="submitBatch",
    openapi_extra=BATCH_OPENAPI,
    responses={200: {"model": schema.BatchResult, "description": "One result per row"}},
)
async def post_batch(
    study_id: UUID,
    wave_id: UUID,
    request: Request,
    session: SessionDep,
    actor: SignedInActor,
    settings: SurveysSettingsDep,
    keys: PseudonymKeysDep,
    mode: Mode = Mode.PARTIAL,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=255,
            description="Repeat a batch safely: the same key and body give the first answer.",
            # Stated, checked below: not only white space.
            json_schema_extra={"pattern": "\\S"},
        ),
    ] = None,
) -> Response:
    """Ingest a batch (JSON array, NDJSON or CSV). One result per row: `created`, `unchanged`,
    `conflict` or `rejected` with field errors."""
    # Who may write is settled before a byte of the body is read: a caller without rights
    # cannot make the service read (or parse) a large body. The check runs on a connection of
    # its own, returned before the body streams in: thirty slow uploads must not hold the pool.
    async with brief_session(request) as check:
        await wave_service.wave_of(
            check, await study_service.writable_study(check, actor, study_id), wave_id
        )
    # Limited to `max_batch_bytes` and timed while it streams by the body guard (see app.py).
    body = await request.body()
    # The request's transaction starts here, with the checks it relies on.
    study = await study_service.writable_study(session, actor, study_id)
    wave = await wave_service.wave_of(session, study, wave_id)
    language = request_problem_language(request)
    request_hash = ""
    if idempotency_key is not None:
        if not idempotency_key.strip():
            raise InvalidInput("Idempotency-Key must not be empty", field="Idempotency-Key")
        digest = hashlib.sha256()
        for part in (
            str(wave_id),
            mode.value,
            request.headers.get("content-type", ""),
            actor.subject,
        ):
            digest.update(part.encode() + b"\0")
        digest.update(body)
        request_hash = digest.hexdigest()
        stored = await submission_repository.idempotent_response(
            session, study.id, actor.subject, idempotency_key
        )
        if stored is not None:
            if stored[0] != request_hash:
                return problem(
                    422,
                    ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    translate("this Idempotency-Key was used for a different request", language),
                    headers=language_headers(language),
                )
            return JSONResponse(
                stored[2], status_code=stored[1], headers={"Idempotent-Replayed": "true"}
            )
    rows = parse_rows(body, request.headers.get("content-type"), max_rows=settings.max_batch_rows)
    # A rejected atomic batch is answered (422), not raised: its writes were undone, its audit
    # entry stays.
    batch = await ingest(
        session,
        actor,
        study=study,
        wave=wave,
        rows=rows,
        mode=mode,
        keys=keys,
    )
    if batch.rejected:
        return rejected_batch_problem(batch, language)
    # Stored for replay as first answered: a replay gives the first request's language too.
    payload = batch.as_dict(language)
    encoded = orjson.dumps(payload)
    if idempotency_key is not None and mode != Mode.DRY_RUN:
        await submission_repository.store_idempotent_response(
            session, study.id, actor.subject, idempotency_key, request_hash, 200, encoded.decode()
        )
    return Response(encoded, media_type="application/json", headers=language_headers(language))
