"""Every query on submissions and idempotency records; bulk writes are a binary `COPY` of rows
checked to be new (`copy_new`) or, when a concurrent request raced it, set-based
(`INSERT ... SELECT FROM jsonb_to_recordset(...) ON CONFLICT DO NOTHING RETURNING`).

A writer's queries see only its own submissions (and those stored before writers owned their
data, `writer = ''`): what another writer sent never changes a writer's answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys.bulk_copy import copy_records

# A submission of `writer` (or stored before writers owned their data), row alias `s`.
_OWN = "s.writer IN (:writer, '')"
# A later submission of the same writer names it in `supersedes`. A scalar subquery, one search
# of the corrections index per row: the planner may turn an EXISTS into a hashed subplan that
# reads every correction of the table once per statement, and did so while a young study's rows
# were not analyzed yet (EXPLAIN of a re-sent batch; test_ingest_probe_plans.py).
_CORRECTED = (
    "COALESCE((SELECT true FROM submission c WHERE c.study_id = s.study_id "
    "AND c.writer = s.writer AND c.supersedes = s.submission_id LIMIT 1), false)"
)


@dataclass(frozen=True, slots=True)
class StoredSubmission:
    submission_id: str
    subject_id: UUID
    wave_id: UUID
    content_hash: str
    corrected: bool  # a later submission of the writer supersedes it
    held: bool


# One index probe per id and writer (the LATERAL subquery with OFFSET 0 is not flattened
# into a join): the planner would otherwise scan every submission of the study for a
# batch's ids until the table is large (seen: a parallel scan of 30,000–100,000 rows per
# batch). Each probe names the whole key of the unique index (study, writer, id): with
# `writer IN (:writer, '')` that index costs two searches, and while a new study's rows
# are not analyzed yet the planner took (study, updated_at) instead and filtered every row
# of the study per id (4.7 s for a batch of 2,000 after the first 2,000; EXPLAIN ANALYZE).
FIND = (
    "SELECT s.submission_id, s.subject_id, s.wave_id, s.content_hash, s.held_at IS NOT "
    f"NULL AS held, {_CORRECTED} AS corrected "
    "FROM unnest(CAST(:ids AS text[])) AS i(submission_id) CROSS JOIN LATERAL ("
    "SELECT * FROM submission s WHERE s.study_id = :study AND s.writer = :writer "
    "AND s.submission_id = i.submission_id UNION ALL "
    "SELECT * FROM submission s WHERE s.study_id = :study AND s.writer = '' "
    "AND s.submission_id = i.submission_id "
    "OFFSET 0) s ORDER BY s.writer = '' "
)


async def find(
    session: AsyncSession, study_id: UUID, writer: str, submission_ids: Sequence[str]
) -> dict[str, StoredSubmission]:
    """The writer's own submissions with these client ids."""
    if not submission_ids:
        return {}
    result = await session.execute(
        text(FIND),
        {"study": study_id, "writer": writer, "ids": list(submission_ids)},
    )
    found: dict[str, StoredSubmission] = {}
    for row in result:
        found.setdefault(
            row.submission_id,
            StoredSubmission(
                row.submission_id,
                row.subject_id,
                row.wave_id,
                row.content_hash,
                row.corrected,
                row.held,
            ),
        )
    return found


async def mark_superseded(
    session: AsyncSession, study_id: UUID, writer: str, submission_ids: Sequence[str]
) -> None:
    if not submission_ids:
        return
    await session.execute(
        text(
            "UPDATE submission s SET superseded_at = now(), updated_at = now() "
            f"WHERE s.study_id = :study AND {_OWN} "
            "AND s.submission_id = ANY(CAST(:ids AS text[])) AND s.superseded_at IS NULL"
        ),
        {"study": study_id, "writer": writer, "ids": sorted(submission_ids)},
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
    f"INSERT INTO submission (id, study_id, writer, held_at, superseded_at, record_key, "
    f"{', '.join(SUBMISSION_COLUMNS)}) "
    "SELECT gen_random_uuid(), :study, :writer, CASE WHEN held THEN now() END, "
    "CASE WHEN held THEN now() END, "
    "(SELECT k.record_key FROM subject k WHERE k.id = t.subject_id), "
    f"{', '.join(SUBMISSION_COLUMNS)} "
    "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS t(held boolean, "
    + ", ".join(f"{c} {t}" for c, t in SUBMISSION_COLUMNS.items())
    + ") ON CONFLICT DO NOTHING RETURNING submission_id"
)


async def insert_new(
    session: AsyncSession, study_id: UUID, writer: str, rows: Sequence[dict[str, Any]]
) -> set[str]:
    """Insert the writer's submissions (one JSON document for the whole batch: parsed by the
    server, not encoded value by value by the driver); `held` rows are stored not current.
    Returns the client ids actually inserted (others existed already, possibly written by a
    concurrent request)."""
    result = await session.execute(
        text(_INSERT_SUBMISSIONS),
        {"study": study_id, "writer": writer, "rows": orjson.dumps(rows, default=str).decode()},
    )
    return {row[0] for row in result}


# Columns of a submission written by `copy_new` (held_at and superseded_at stay NULL,
# created_at and updated_at take their default, now()).
COPY_COLUMNS = (
    "id",
    "study_id",
    "writer",
    "record_key",
    "wave_id",
    "subject_id",
    "informant_id",
    "instrument_version_id",
    "submission_id",
    "supersedes",
    "content_hash",
    "answers",
    "region_ars",
    "area_code",
    "sex",
    "age_group",
    "origin_group",
    "cohort_code",
    "offer_id",
    "submitted_at",
)


async def copy_new(session: AsyncSession, records: Sequence[tuple[Any, ...]]) -> None:
    """COPY current submissions (tuples in the order of `COPY_COLUMNS`, answers as JSON text)
    checked to be new; `CopyConflict` when a concurrent request stored one of their ids or an
    interview of their subjects meanwhile (then `insert_new` settles it)."""
    await copy_records(session, "submission", COPY_COLUMNS, records)


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
    session: AsyncSession, study_id: UUID, writer: str, key: str
) -> tuple[str, int, dict[str, Any]] | None:
    """The stored answer to the writer's request under `key` (keys of other writers are
    theirs: the same key from another writer is another request)."""
    # Serialize requests carrying the same key; the lock ends with the transaction.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))"),
        {"lock": f"surveys-idempotency:{study_id}:{writer}:{key}"},
    )
    result = await session.execute(
        text(
            "SELECT request_hash, status_code, response FROM idempotency_record "
            "WHERE study_id = :study AND writer = :writer AND key = :key"
        ),
        {"study": study_id, "writer": writer, "key": key},
    )
    row = result.first()
    return (row.request_hash, row.status_code, row.response) if row else None


async def store_idempotent_response(
    session: AsyncSession,
    study_id: UUID,
    writer: str,
    key: str,
    request_hash: str,
    status: int,
    response: str,
) -> None:
    await session.execute(
        text(
            "INSERT INTO idempotency_record (study_id, writer, key, request_hash, status_code, "
            "response) VALUES (:study, :writer, :key, :hash, :status, CAST(:response AS jsonb)) "
            "ON CONFLICT DO NOTHING"
        ),
        {
            "study": study_id,
            "writer": writer,
            "key": key,
            "hash": request_hash,
            "status": status,
            "response": response,
        },
    )


async def forget_idempotent_responses_naming(
    session: AsyncSession, study_id: UUID, submission_ids: Sequence[str]
) -> None:
    """Stored responses list client submission ids; drop those that name an erased subject.
    Runs also without ids: erasing an unknown pseudonym takes the same statements."""
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


@dataclass(frozen=True, slots=True)
class WaveInterviews:
    """What one writer may know of the subjects' interviews in a wave: its own interview not
    yet corrected (current or held) by subject, and which subjects another writer interviewed
    (current interviews only; used to hold a second interview, never shown to the writer)."""

    own: dict[UUID, tuple[str, str]]  # subject -> (submission_id, content_hash)
    by_others: set[UUID]


async def interviews_in_wave(
    session: AsyncSession, wave_id: UUID, writer: str, subject_ids: Sequence[UUID]
) -> WaveInterviews:
    # Run also without subjects (the same statements for known and unknown pseudonyms).
    result = await session.execute(
        text(
            f"SELECT s.subject_id, s.submission_id, s.content_hash, {_OWN} AS own, "
            "s.superseded_at IS NULL AS current FROM submission s WHERE s.wave_id = :wave "
            "AND s.subject_id = ANY(CAST(:ids AS uuid[])) AND (s.superseded_at IS NULL OR "
            f"(s.held_at IS NOT NULL AND {_OWN} AND NOT {_CORRECTED}))"
        ),
        {"wave": wave_id, "writer": writer, "ids": list(subject_ids)},
    )
    interviews = WaveInterviews({}, set())
    for row in result:
        if row.own:
            interviews.own[row.subject_id] = (row.submission_id, row.content_hash)
        elif row.current:
            interviews.by_others.add(row.subject_id)
    return interviews


# The writer's later submission that corrects `s` (names it in `supersedes`).
_CORRECTED_BY = (
    "(SELECT c.submission_id FROM submission c WHERE c.study_id = s.study_id "
    "AND c.writer = s.writer AND c.supersedes = s.submission_id ORDER BY c.created_at LIMIT 1)"
)
_OWN_COLUMNS = (
    "s.id, s.submission_id, s.supersedes, s.submitted_at, s.created_at, s.wave_id, "
    "w.code AS wave_code, i.code || '@' || v.version AS instrument_version, "
    f"{_CORRECTED_BY} AS corrected_by"
)
_OWN_FROM = (
    "FROM submission s JOIN wave w ON w.id = s.wave_id "
    "JOIN instrument_version v ON v.id = s.instrument_version_id "
    "JOIN instrument i ON i.id = v.instrument_id "
)


async def own_page(
    session: AsyncSession,
    study_id: UUID,
    wave_id: UUID,
    writer: str,
    *,
    after: tuple[datetime, str, UUID] | None,
    limit: int,
) -> list[Any]:
    """The writer's submissions to the wave, oldest first (a batch by submission id), after the
    keyset (created_at, submission_id, id)."""
    keyset = (
        "AND (s.created_at, s.submission_id, s.id) > (:after_at, :after_sid, :after_id) "
        if after
        else ""
    )
    result = await session.execute(
        text(
            f"SELECT {_OWN_COLUMNS} {_OWN_FROM}"
            f"WHERE s.study_id = :study AND s.wave_id = :wave AND {_OWN} {keyset}"
            "ORDER BY s.created_at, s.submission_id, s.id LIMIT :limit"
        ),
        {
            "study": study_id,
            "wave": wave_id,
            "writer": writer,
            "after_at": after[0] if after else None,
            "after_sid": after[1] if after else None,
            "after_id": after[2] if after else None,
            "limit": limit,
        },
    )
    return list(result)


async def own_one(
    session: AsyncSession, study_id: UUID, writer: str, submission_id: str
) -> Any | None:
    """One of the writer's submissions by its client id, with answers and attributes."""
    result = await session.execute(
        text(
            f"SELECT {_OWN_COLUMNS}, s.answers, s.region_ars, s.area_code, s.sex, s.age_group, "
            f"s.origin_group, s.cohort_code, s.offer_id {_OWN_FROM}"
            f"WHERE s.study_id = :study AND {_OWN} AND s.submission_id = :id "
            "ORDER BY s.writer = '' LIMIT 1"
        ),
        {"study": study_id, "writer": writer, "id": submission_id},
    )
    return result.first()
