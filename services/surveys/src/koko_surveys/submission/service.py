"""Reading back a writer's own submissions: a page of those sent to a wave, or one by its client
id. Only the writer's own (and those stored before writers owned their data) are found, so
another writer's submission is as unknown as one never sent; the status says `stored` or
`corrected` (a later submission of the writer supersedes it), nothing about other writers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import NotFound
from koko_shared.pagination import decode_typed_cursor, encode_cursor, page_size
from koko_surveys.study.models import Study
from koko_surveys.submission import repository
from koko_surveys.wave.models import Wave


class SubmissionNotFound(NotFound):
    def __init__(self, submission_id: str) -> None:
        super().__init__(
            "no submission '{id}' of yours in this study",
            field="submissionId",
            params={"id": submission_id[:100]},
        )


def _instant(value: str) -> datetime:
    """A cursor's time; one without an offset (a hand-made cursor) is read as UTC."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _summary(row: Any) -> dict[str, Any]:
    return {
        "submissionId": row.submission_id,
        "status": "corrected" if row.corrected_by else "stored",
        "correctedBy": row.corrected_by,
        "supersedes": row.supersedes,
        "wave": row.wave_code,
        "waveId": str(row.wave_id),
        "instrumentVersion": row.instrument_version,
        "submittedAt": row.submitted_at.isoformat() if row.submitted_at else None,
        "receivedAt": row.created_at.isoformat(),
    }


async def page(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    wave: Wave,
    *,
    first: int | None,
    after: str | None,
) -> dict[str, Any]:
    size = max(page_size(first), 1)
    key = decode_typed_cursor(after, _instant, str, UUID) if after else None
    rows = await repository.own_page(
        session,
        study.id,
        wave.id,
        actor.subject,
        after=(key[0], key[1], key[2]) if key else None,
        limit=size + 1,
    )
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    return {
        "items": [_summary(row) for row in rows],
        "nextCursor": encode_cursor([last.created_at.isoformat(), last.submission_id, str(last.id)])
        if more and last is not None
        else None,
    }


async def one(
    session: AsyncSession, actor: Actor, study: Study, submission_id: str
) -> dict[str, Any]:
    row = await repository.own_one(session, study.id, actor.subject, submission_id)
    if row is None:
        raise SubmissionNotFound(submission_id)
    return {
        **_summary(row),
        "attributes": {
            "regionArs": row.region_ars,
            "areaCode": row.area_code,
            "sex": row.sex,
            "ageGroup": row.age_group,
            "originGroup": row.origin_group,
            "cohort": row.cohort_code,
            "offerId": row.offer_id,
        },
        "answers": row.answers,
    }
