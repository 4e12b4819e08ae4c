"""REST: a new instrument version from an XLSForm file."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile

from koko_shared.auth.dependencies import SignedInActor
from koko_shared.database.engine import SessionDep
from koko_shared.errors import InvalidInput
from koko_shared.graphql.ids import to_global_id
from koko_surveys.instrument import service
from koko_surveys.study import service as study_service

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["instruments"])
MAX_FORM_BYTES = 5 * 1024 * 1024
# Room for the multipart envelope and the other form fields around the file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


@router.post("/instruments", status_code=201)
async def post_instrument(
    study_id: UUID,
    request: Request,
    session: SessionDep,
    actor: SignedInActor,
    file: Annotated[UploadFile, File(description="XLSForm (.xlsx, .xls or .csv)")],
    code: Annotated[str | None, Form(max_length=64)] = None,
) -> dict[str, Any]:
    study = await study_service.visible_study(session, actor, study_id)
    content = await file.read(MAX_FORM_BYTES + 1)
    if len(content) > MAX_FORM_BYTES:
        raise InvalidInput("an XLSForm file is at most 5 MB", field="file")
    instrument, version = await service.import_xlsform(
        session, actor, study, content=content, filename=file.filename or "form.xlsx", code=code
    )
    return {
        "id": to_global_id("InstrumentVersion", version.id),
        "instrument": instrument.code,
        "version": version.version,
        "reference": f"{instrument.code}@{version.version}",
        "formVersion": version.form_version,
        "questions": version.questions,
    }
