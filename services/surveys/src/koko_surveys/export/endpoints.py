"""REST: the analyst's microdata export (`GET /v1/studies/{id}/submissions`)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from koko_shared.auth.dependencies import SignedInActor
from koko_shared.database.engine import SessionDep
from koko_shared.errors import InvalidInput, request_problem_language
from koko_surveys.export import service
from koko_surveys.export.errors import ExportRefused
from koko_surveys.settings import SurveysSettingsDep

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["export"])


@router.get("/submissions", response_model=None, operation_id="exportSubmissions")
async def export_submissions(
    study_id: UUID,
    request: Request,
    session: SessionDep,
    actor: SignedInActor,
    settings: SurveysSettingsDep,
    wave: Annotated[
        list[str] | None,
        Query(
            max_length=16,
            description="Wave code or id; several only with the study's panel view (linked per "
            "person). Optional when the study has one wave.",
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        Query(
            max_length=200,
            description="Columns to release (`attributes.sex`, `submitted`, "
            "`instrumentVersion`, `answers.<question>`); default every column. Fewer columns "
            "need less suppression.",
        ),
    ] = None,
    free_text: Annotated[
        list[str] | None,
        Query(alias="freeText", max_length=64, description="Reviewed free-text questions."),
    ] = None,
    after: Annotated[
        str | None,
        Query(max_length=200, description="The next page of an export (its `nextCursor`)."),
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=200,
            deprecated=True,
            description="The former name of `after`; still accepted, ignored when `after` "
            "is given.",
        ),
    ] = None,
) -> dict[str, Any] | Response:
    """Pseudonymous microdata for analysts of the study's region: a new export of one wave
    (audited), k-anonymous over every key column and over what this analyst received before,
    rare values suppressed locally (the answer's `summary` counts them per column); with
    `after`, the next page of an earlier export. The page has Koko's REST page shape
    (`items`, `nextCursor`) plus the export's own fields; its size is the service's
    `export_page_size`."""
    after = after if after is not None else cursor
    if "updated_since" in request.query_params or "updatedSince" in request.query_params:
        raise InvalidInput(
            "exports are complete datasets of a wave, checked against what you received "
            "before; there are no incremental exports (updated_since)",
            field="updated_since",
        )
    if after is not None:
        return await service.next_page(
            session,
            actor,
            study_id=study_id,
            cursor=after,
            page_size=settings.export_page_size,
            hours=settings.export_page_hours,
        )
    try:
        return await service.create(
            session,
            actor,
            study_id=study_id,
            waves=wave,
            columns=columns,
            free_text=free_text,
            page_size=settings.export_page_size,
        )
    except ExportRefused as refused:
        # Answered, not raised: the request's transaction commits the audited refusal.
        return refused.as_problem(request_problem_language(request))
