"""REST: the codebook of a wave (`GET /v1/studies/{id}/waves/{wave}/codebook`), as JSON, as a
CSV German Excel opens (UTF-8 with BOM, semicolon-separated) or as XLSX."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from koko_shared.auth.dependencies import CurrentActor
from koko_shared.database.engine import SessionDep
from koko_surveys.codebook import files, service
from koko_surveys.codebook.schema import Codebook
from koko_surveys.study import service as study_service
from koko_surveys.wave import service as wave_service

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["codebook"])
_MEDIA_TYPES = {"csv": "text/csv", "xlsx": files.XLSX_MEDIA_TYPE, "json": "application/json"}

_CSV_OPENAPI: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "The codebook",
            "content": {
                files.XLSX_MEDIA_TYPE: {
                    "schema": {
                        "type": "string",
                        "format": "binary",
                        "description": "Sheets codebook (as the CSV), formats and consents.",
                    }
                },
                "text/csv": {
                    "schema": {
                        "type": "string",
                        "description": "One line per question and choice: instrument_version, "
                        "question, type, required, label, choice_code, choice_label, "
                        "accepted_formats (UTF-8 with BOM, semicolon-separated).",
                    }
                },
            },
        }
    }
}


@router.get("/waves/{wave_id}/codebook", response_model=Codebook, openapi_extra=_CSV_OPENAPI)
async def get_codebook(
    study_id: UUID,
    wave_id: UUID,
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    format: Annotated[
        Literal["json", "csv", "xlsx"] | None,
        Query(
            description="json (default), csv or xlsx; `Accept: text/csv` or the XLSX media "
            "type works as well."
        ),
    ] = None,
    language: Annotated[
        str, Query(max_length=8, description="Language of the file's labels (default de).")
    ] = "de",
) -> dict[str, Any] | Response:
    """What to send to a wave: its instrument versions (`code@version`, the row's
    `instrumentVersion`), every question with type, labels, required, choices (codes and
    labels), relevance and constraint; the attributes and consents a row carries; and the
    formats each type accepts (the formats ingest reads). Visible to whoever sees the study."""
    study = await study_service.visible_study(session, actor, study_id)
    wave = await wave_service.wave_of(session, study, wave_id)
    book = await service.codebook(session, study, wave)
    accept = request.headers.get("accept", "")
    chosen: str = format or next(
        (kind for kind, media in _MEDIA_TYPES.items() if media in accept), "json"
    )
    if chosen == "json":
        return book
    filename = f"codebook-{study.code}-{wave.code}.{chosen}"
    content = files.as_csv(book, language) if chosen == "csv" else files.as_xlsx(book, language)
    media_type = _MEDIA_TYPES[chosen] + ("; charset=utf-8" if chosen == "csv" else "")
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
