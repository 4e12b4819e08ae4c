"""The analyst's pseudonymous microdata export: region-bound, k-anonymity-checked, audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import Conflict, InvalidInput
from koko_shared.pagination import decode_cursor, encode_cursor
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.study.errors import StudyNotFound
from koko_surveys.study.repository import get as get_study
from koko_surveys.submission import repository


class ExportRefused(Conflict):
    code = "k_anonymity"


async def export_page(
    session: AsyncSession,
    actor: Actor,
    *,
    study_id: UUID,
    updated_since: datetime | None,
    cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    study = await get_study(session, study_id)
    if study is None or not authorization.can_see(actor, study):
        raise StudyNotFound(study_id)
    regions = authorization.microdata_regions(actor, study)
    authorization.require(regions != [], "microdata are for analysts of the study's region only")
    k = await repository.smallest_group(
        session, study.id, study.quasi_identifiers, updated_since, regions
    )
    if k is not None and k < study.k_anonymity:
        await audit.record(session, actor, "microdata.export_refused", study.id, {"k": k})
        raise ExportRefused(
            f"export refused: some combination of {', '.join(study.quasi_identifiers)} occurs only "
            f"{k} time(s); k must be at least {study.k_anonymity}. Narrow nothing: ask a "
            "coordinator "
            "to coarsen the quasi-identifiers of this study",
            field="quasiIdentifiers",
        )
    after = None
    if cursor:
        at, row_id = decode_cursor(cursor, arity=2)
        try:
            after = (datetime.fromisoformat(str(at)), UUID(str(row_id)))
        except ValueError as exc:
            raise InvalidInput("cursor is not valid", field="cursor") from exc
    rows = await repository.export_page(
        session,
        study.id,
        updated_since=updated_since,
        after=after,
        limit=limit + 1,
        region_prefixes=regions,
    )
    page, has_more = rows[:limit], len(rows) > limit
    await audit.record(
        session,
        actor,
        "microdata.exported",
        study.id,
        {"rows": len(page), "updatedSince": updated_since.isoformat() if updated_since else None},
    )
    return {
        "study": str(study.id),
        "submissions": [
            {
                "submissionId": row.submission_id,
                "wave": row.wave,
                "subject": row.pseudonym,
                "keyVersion": row.key_version,
                "instrument": row.instrument,
                "instrumentVersion": row.instrument_version,
                "supersedes": row.supersedes,
                "superseded": row.superseded_at is not None,
                "answers": row.answers,
                "attributes": {
                    "regionArs": row.region_ars,
                    "areaCode": row.area_code,
                    "sex": row.sex,
                    "ageGroup": row.age_group,
                    "originGroup": row.origin_group,
                    "cohort": row.cohort_code,
                },
                "submittedAt": row.submitted_at.isoformat() if row.submitted_at else None,
                "updatedAt": row.updated_at.isoformat(),
            }
            for row in page
        ],
        "nextCursor": encode_cursor([page[-1].updated_at.isoformat(), str(page[-1].id)])
        if has_more and page
        else None,
    }
