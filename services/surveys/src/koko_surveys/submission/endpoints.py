"""REST: a writer reads back its own submissions (a page per wave, or one by its id)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter

from koko_shared.auth.dependencies import SignedInActor
from koko_shared.database.engine import SessionDep
from koko_shared.http.paging import After, First
from koko_surveys.study import service as study_service
from koko_surveys.submission import service
from koko_surveys.submission.schema import OwnSubmissionDetail, OwnSubmissionPage
from koko_surveys.wave import service as wave_service

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["submissions"])


@router.get(
    "/waves/{wave_id}/submissions",
    response_model=OwnSubmissionPage,
    operation_id="listSubmissions",
)
async def list_own_submissions(
    study_id: UUID,
    wave_id: UUID,
    session: SessionDep,
    actor: SignedInActor,
    first: First = None,
    after: After = None,
) -> dict[str, Any]:
    """The submissions your credential sent to this wave, oldest first, with their status
    (`stored`, or `corrected` by a later submission of yours). Another writer's submissions
    are not listed."""
    study = await study_service.writable_study(session, actor, study_id)
    wave = await wave_service.wave_of(session, study, wave_id)
    return await service.page(session, actor, study, wave, first=first, after=after)


@router.get(
    "/submissions/{submission_id:path}",
    response_model=OwnSubmissionDetail,
    operation_id="getSubmission",
)
async def get_own_submission(
    study_id: UUID, submission_id: str, session: SessionDep, actor: SignedInActor
) -> dict[str, Any]:
    """One of your submissions by its `submissionId`: status, wave, instrument version,
    attributes as stored (age group, not birth year) and answers as read."""
    study = await study_service.writable_study(session, actor, study_id)
    return await service.one(session, actor, study, submission_id)
