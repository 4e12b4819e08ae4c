"""REST: a new instrument version from an XLSForm file."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

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

_UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": f"At most {MAX_FORM_BYTES} bytes of XLSForm.",
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "XLSForm (.xlsx, .xls or .csv)",
                        },
                        "code": {
                            "type": "string",
                            "maxLength": 64,
                            "description": "Instrument code (default: the form_id setting)",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/instruments", status_code=201, openapi_extra=_UPLOAD_OPENAPI, operation_id="uploadInstrument"
)
async def post_instrument(
    study_id: UUID, request: Request, session: SessionDep, actor: SignedInActor
) -> dict[str, Any]:
    """Publish a new version of an instrument from an XLSForm. A form whose `version` equals
    an already imported one is refused (409), as ODK Central does."""
    # Rights first: the multipart body is only read for a caller who may see the study.
    study = await study_service.regional_study(session, actor, study_id)
    form = await request.form(max_files=1, max_fields=4)
    file, code = form.get("file"), form.get("code")
    if not isinstance(file, UploadFile):
        raise InvalidInput("send the XLSForm as the multipart field 'file'", field="file")
    if code is not None and (not isinstance(code, str) or len(code) > 64):
        raise InvalidInput("code is at most 64 characters", field="code")
    content = await file.read(MAX_FORM_BYTES + 1)
    if len(content) > MAX_FORM_BYTES:
        raise InvalidInput("an XLSForm file is at most 5 MB", field="file")
    instrument, version = await service.import_xlsform(
        session,
        actor,
        study,
        content=content,
        filename=file.filename or "form.xlsx",
        code=code or None,
    )
    return {
        "id": to_global_id("InstrumentVersion", version.id),
        "instrument": instrument.code,
        "version": version.version,
        "reference": f"{instrument.code}@{version.version}",
        "formVersion": version.form_version,
        "questions": version.questions,
    }
