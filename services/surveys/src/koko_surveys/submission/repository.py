"""Every query on submissions and idempotency records; bulk writes are set-based
(`INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING RETURNING`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True, slots=True)
class StoredSubmission:
    submission_id: str
    subject_id: UUID
    wave_id: UUID
    content_hash: str
    superseded: bool


async def find(
    session: AsyncSession, study_id: UUID, submission_ids: Sequence[str]
) -> dict[str, StoredSubmission]:
    if not submission_ids:
        return {}
    result = await session.execute(
        text(
            "SELECT submission_id, subject_id, wave_id, content_hash, superseded_at IS NOT NULL "
            "AS superseded "
            "FROM submission WHERE study_id = :study AND submission_id = ANY(CAST(:ids AS text[]))"
        ),
        {"study": study_id, "ids": list(submission_ids)},
    )
    return {
        row.submission_id: StoredSubmission(
            row.submission_id, row.subject_id, row.wave_id, row.content_hash, row.superseded
        )
        for row in result
    }


async def mark_superseded(
    session: AsyncSession, study_id: UUID, submission_ids: Sequence[str]
) -> None:
    if not submission_ids:
        return
    await session.execute(
        text(
            "UPDATE submission SET superseded_at = now(), updated_at = now() "
            "WHERE study_id = :study AND submission_id = ANY(CAST(:ids AS text[])) "
            "AND superseded_at IS NULL"
        ),
        {"study": study_id, "ids": sorted(submission_ids)},
    )


# Column -> SQL type of one new submission, as sent to jsonb_to_recordset.
SUBMISSION_COLUMNS = {
    "wave_id": "uuid",
    "subject_id": "uuid",
    "informant_id": "uuid",
    "instrument_version_id": "uuid",
    "submission_id": "text",
    "supersedes": "text",
    "content_hash": "text",
    "answers": "jsonb",
    "region_ars": "text",
    "area_code": "text",
    "sex": "text",
    "age_group": "text",
    "origin_group": "text",
    "cohort_code": "text",
    "offer_id": "text",
    "submitted_at": "timestamptz",
}
_INSERT_SUBMISSIONS = (
    f"INSERT INTO submission (id, study_id, {', '.join(SUBMISSION_COLUMNS)}) "
    f"SELECT gen_random_uuid(), :study, {', '.join(SUBMISSION_COLUMNS)} "
    "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS t("
    + ", ".join(f"{c} {t}" for c, t in SUBMISSION_COLUMNS.items())
    + ") ON CONFLICT DO NOTHING RETURNING submission_id"
)


async def insert_new(
    session: AsyncSession, study_id: UUID, rows: Sequence[dict[str, Any]]
) -> set[str]:
    """Insert submissions (one JSON document for the whole batch: parsed by the server, not
    encoded value by value by the driver); returns the client ids actually inserted (others
    existed already, possibly written by a concurrent request)."""
    result = await session.execute(
        text(_INSERT_SUBMISSIONS),
        {"study": study_id, "rows": orjson.dumps(rows, default=str).decode()},
    )
    return {row[0] for row in result}


async def purge_expired(session: AsyncSession, study_id: UUID, retention_days: int) -> int:
    result = await session.execute(
        text(
            "DELETE FROM submission s USING wave w WHERE s.wave_id = w.id AND s.study_id = :study "
            "AND w.field_closes_date + make_interval(days => :days) < current_date"
        ),
        {"study": study_id, "days": retention_days},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def idempotent_response(
    session: AsyncSession, study_id: UUID, key: str
) -> tuple[str, int, dict[str, Any]] | None:
    # Serialize requests carrying the same key; the lock ends with the transaction.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))"),
        {"lock": f"surveys-idempotency:{study_id}:{key}"},
    )
    result = await session.execute(
        text(
            "SELECT request_hash, status_code, response FROM idempotency_record "
            "WHERE study_id = :study AND key = :key"
        ),
        {"study": study_id, "key": key},
    )
    row = result.first()
    return (row.request_hash, row.status_code, row.response) if row else None


async def store_idempotent_response(
    session: AsyncSession, study_id: UUID, key: str, request_hash: str, status: int, response: str
) -> None:
    await session.execute(
        text(
            "INSERT INTO idempotency_record (study_id, key, request_hash, status_code, response) "
            "VALUES (:study, :key, :hash, :status, CAST(:response AS jsonb)) ON CONFLICT DO NOTHING"
        ),
        {
            "study": study_id,
            "key": key,
            "hash": request_hash,
            "status": status,
            "response": response,
        },
    )


async def forget_idempotent_responses_naming(
    session: AsyncSession, study_id: UUID, submission_ids: Sequence[str]
) -> None:
    """Stored responses list client submission ids; drop those that name an erased subject."""
    if not submission_ids:
        return
    await session.execute(
        text(
            "DELETE FROM idempotency_record r WHERE r.study_id = :study AND EXISTS ("
            "SELECT 1 FROM jsonb_array_elements(r.response -> 'results') AS e "
            "WHERE e ->> 'submissionId' = ANY(CAST(:ids AS text[])))"
        ),
        {"study": study_id, "ids": list(submission_ids)},
    )


async def submission_ids_of_subjects(
    session: AsyncSession, subject_ids: Sequence[UUID]
) -> list[str]:
    result = await session.execute(
        text("SELECT submission_id FROM submission WHERE subject_id = ANY(CAST(:ids AS uuid[]))"),
        {"ids": list(subject_ids)},
    )
    return [row[0] for row in result]


async def forget_old_idempotent_responses(session: AsyncSession, hours: int) -> int:
    result = await session.execute(
        text(
            "DELETE FROM idempotency_record WHERE created_at < now() - make_interval(hours => :h)"
        ),
        {"h": hours},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def current_in_wave(
    session: AsyncSession, wave_id: UUID, subject_ids: Sequence[UUID]
) -> dict[UUID, tuple[str, str]]:
    """Subject -> (submission_id, content_hash) of its current interview in the wave."""
    if not subject_ids:
        return {}
    result = await session.execute(
        text(
            "SELECT subject_id, submission_id, content_hash FROM submission WHERE wave_id = :wave "
            "AND subject_id = ANY(CAST(:ids AS uuid[])) AND superseded_at IS NULL"
        ),
        {"wave": wave_id, "ids": list(subject_ids)},
    )
    return {row.subject_id: (row.submission_id, row.content_hash) for row in result}
