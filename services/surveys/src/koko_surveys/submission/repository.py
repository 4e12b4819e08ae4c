"""Every query on submissions and idempotency records; bulk writes are set-based
(`INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING RETURNING`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
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


def _export_filter(
    study_id: UUID,
    date_questions: Sequence[str],
    updated_since: datetime | None,
    region_prefixes: Sequence[str] | None,
) -> tuple[list[str], dict[str, Any]]:
    params: dict[str, Any] = {"study": study_id}
    params.update({f"date_q{n}": q for n, q in enumerate(date_questions)})
    where = ["s.study_id = :study"]
    if updated_since is not None:
        where.append("s.updated_at >= :since")
        params["since"] = updated_since
    if region_prefixes is not None:
        where.append("s.region_ars LIKE ANY(CAST(:regions AS text[]))")
        params["regions"] = [p + "%" for p in region_prefixes]
    return where, params


async def export_page(
    session: AsyncSession,
    study_id: UUID,
    *,
    columns: dict[str, str],
    date_questions: Sequence[str],
    updated_since: datetime | None,
    after: UUID | None,
    limit: int,
    region_prefixes: Sequence[str] | None = None,
) -> list[Any]:
    """A page of exported rows with their quasi-identifiers as the given SQL expressions
    (generalised), in row id order (the cursor holds no timestamp)."""
    where, params = _export_filter(study_id, date_questions, updated_since, region_prefixes)
    params["limit"] = limit
    if after is not None:
        where.append("s.id > :after_id")
        params["after_id"] = after
    released = ", ".join(f'{sql} AS "{name}"' for name, sql in columns.items())
    result = await session.execute(
        text(
            "SELECT s.id, s.submission_id, s.supersedes, s.superseded_at, s.answers, "
            f"w.code AS wave, sub.pseudonym, sub.key_version, {released}, "
            "i.code AS instrument, v.version AS instrument_version "
            "FROM submission s JOIN wave w ON w.id = s.wave_id "
            "JOIN subject sub ON sub.id = s.subject_id "
            "JOIN instrument_version v ON v.id = s.instrument_version_id "
            "JOIN instrument i ON i.id = v.instrument_id "
            f"WHERE {' AND '.join(where)} ORDER BY s.id LIMIT :limit"
        ),
        params,
    )
    return list(result)


async def smallest_group(
    session: AsyncSession,
    study_id: UUID,
    columns: dict[str, str],
    date_questions: Sequence[str],
    updated_since: datetime | None,
    region_prefixes: Sequence[str] | None = None,
) -> int | None:
    """Size of the smallest group of exported rows alike on every released quasi-identifier (the
    SQL expressions given, as generalised), i.e. the export's k."""
    where, params = _export_filter(study_id, date_questions, updated_since, region_prefixes)
    group = ", ".join(columns.values())
    result = await session.execute(
        text(
            "SELECT min(n) FROM (SELECT count(*) AS n FROM submission s "
            f"JOIN wave w ON w.id = s.wave_id WHERE {' AND '.join(where)} GROUP BY {group}) AS g"
        ),
        params,
    )
    value = result.scalar()
    return int(value) if value is not None else None


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
