"""Every query on subjects, informants and consents (set-based, for bulk ingest)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys.bulk_copy import copy_records
from koko_surveys.subject.record_key import record_key


async def find_by_pseudonyms(
    session: AsyncSession, study_id: UUID, pseudonyms: Sequence[str]
) -> dict[str, UUID]:
    if not pseudonyms:
        return {}
    result = await session.execute(
        text(
            "SELECT pseudonym, id FROM subject "
            "WHERE study_id = :study AND pseudonym = ANY(CAST(:pseudonyms AS text[]))"
        ),
        {"study": study_id, "pseudonyms": list(pseudonyms)},
    )
    return {row.pseudonym: row.id for row in result}


async def keys_by_pseudonyms(
    session: AsyncSession, study_id: UUID, pseudonyms: Sequence[str]
) -> dict[str, tuple[UUID, int]]:
    """Pseudonym -> (id, record key) of the subjects known under these pseudonyms."""
    if not pseudonyms:
        return {}
    # One index probe per pseudonym (see `submission.repository.find`: not a scan of every
    # subject of the study).
    result = await session.execute(
        text(
            "SELECT k.pseudonym, k.id, k.record_key "
            "FROM unnest(CAST(:pseudonyms AS text[])) AS q(pseudonym) CROSS JOIN LATERAL ("
            "SELECT * FROM subject k WHERE k.study_id = :study AND k.pseudonym = q.pseudonym "
            "OFFSET 0) k"
        ),
        {"study": study_id, "pseudonyms": list(pseudonyms)},
    )
    return {row.pseudonym: (row.id, row.record_key) for row in result}


async def copy_new(
    session: AsyncSession, study_id: UUID, rows: Sequence[tuple[UUID, str, int, UUID | None, int]]
) -> None:
    """COPY new subjects (id, pseudonym, key_version, cohort_id, record_key); `CopyConflict`
    when one of the pseudonyms was stored meanwhile (then `insert_missing` settles it)."""
    await copy_records(
        session,
        "subject",
        ("id", "study_id", "pseudonym", "key_version", "cohort_id", "record_key"),
        [(i, study_id, p, v, c, k) for i, p, v, c, k in rows],
    )


async def copy_consents(
    session: AsyncSession,
    writer: str,
    rows: Sequence[tuple[UUID, UUID, str, str, str, datetime, datetime | None]],
) -> None:
    """COPY consents (id, subject_id, scope, text_version, legal_basis, given_at, withdrawn_at)
    of subjects created in this transaction, one per (subject, scope, text version):
    nothing else can hold them yet."""
    await copy_records(
        session,
        "consent",
        (
            "id",
            "subject_id",
            "scope",
            "text_version",
            "legal_basis",
            "given_at",
            "withdrawn_at",
            "writer",
        ),
        [(*row, writer) for row in rows],
    )


async def insert_missing(
    session: AsyncSession,
    study_id: UUID,
    rows: Sequence[tuple[str, int, UUID | None]],
    record_key_salt: bytes,
) -> dict[str, UUID]:
    """Insert (pseudonym, key_version, cohort_id) rows with their record keys; returns the ids
    of all of them, also of those a concurrent request inserted first."""
    if not rows:
        return {}
    document = orjson.dumps(
        [
            {
                "pseudonym": p,
                "key_version": v,
                "cohort_id": c,
                "record_key": record_key(record_key_salt, p),
            }
            for p, v, c in rows
        ],
        default=str,
    ).decode()
    result = await session.execute(
        text(
            "INSERT INTO subject (id, study_id, pseudonym, key_version, cohort_id, record_key) "
            "SELECT gen_random_uuid(), :study, pseudonym, key_version, cohort_id, record_key "
            "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) "
            "AS t(pseudonym text, key_version int, cohort_id uuid, record_key bigint) "
            "ON CONFLICT DO NOTHING RETURNING pseudonym, id"
        ),
        {"study": study_id, "rows": document},
    )
    ids = {row.pseudonym: row.id for row in result}
    raced = [p for p, _, _ in rows if p not in ids]
    if raced:
        ids.update(await find_by_pseudonyms(session, study_id, raced))
    return ids


async def insert_unless_known(
    session: AsyncSession,
    study_id: UUID,
    pseudonym: str,
    key_version: int,
    candidates: Sequence[str],
    record_key_salt: bytes,
) -> list[UUID]:
    """Insert a subject (without cohort) unless one of `candidates` (its pseudonym under every
    key version) exists already; the id inserted, or none."""
    result = await session.execute(
        text(
            "INSERT INTO subject (id, study_id, pseudonym, key_version, record_key) "
            "SELECT gen_random_uuid(), :study, :pseudonym, :version, :key WHERE NOT EXISTS ("
            "SELECT 1 FROM subject WHERE study_id = :study "
            "AND pseudonym = ANY(CAST(:candidates AS text[]))) "
            "ON CONFLICT DO NOTHING RETURNING id"
        ),
        {
            "study": study_id,
            "pseudonym": pseudonym,
            "version": key_version,
            "key": record_key(record_key_salt, pseudonym),
            "candidates": list(candidates),
        },
    )
    return [row.id for row in result]


async def ensure_informants(
    session: AsyncSession, study_id: UUID, informants: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], UUID]:
    if not informants:
        return {}
    unique = sorted(set(informants))
    kinds, codes = [k for k, _ in unique], [c for _, c in unique]
    params = {"study": study_id, "kinds": kinds, "codes": codes}
    await session.execute(
        text(
            "INSERT INTO informant (id, study_id, kind, code) "
            "SELECT gen_random_uuid(), :study, kind, code FROM unnest("
            "CAST(:kinds AS text[]), CAST(:codes AS text[])) AS t(kind, code) "
            "ON CONFLICT DO NOTHING"
        ),
        params,
    )
    result = await session.execute(
        text(
            "SELECT i.kind, i.code, i.id FROM informant i JOIN unnest("
            "CAST(:kinds AS text[]), CAST(:codes AS text[])) AS t(kind, code) "
            "ON i.kind = t.kind AND i.code = t.code WHERE i.study_id = :study"
        ),
        params,
    )
    return {(row.kind, row.code): row.id for row in result}


async def active_consent_scopes(
    session: AsyncSession, subject_ids: Sequence[UUID], writer: str
) -> dict[UUID, set[str]]:
    """Scopes the writer recorded consent for (or that were recorded before writers owned their
    data), not withdrawn since they were given; consents of other writers do not count (their
    existence is not the writer's to know), a withdrawal recorded by anyone does."""
    # Run also without subjects: a row for an unknown pseudonym takes the same statements (and
    # about the same time) as one for a known pseudonym.
    result = await session.execute(
        text(
            "SELECT c.subject_id, c.scope FROM consent c "
            "WHERE c.subject_id = ANY(CAST(:ids AS uuid[])) AND c.writer IN (:writer, '') "
            "AND c.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM consent w "
            "WHERE w.subject_id = c.subject_id AND w.scope = c.scope "
            "AND w.withdrawn_at > c.given_at)"
        ),
        {"ids": list(subject_ids), "writer": writer},
    )
    scopes: dict[UUID, set[str]] = {}
    for row in result:
        scopes.setdefault(row.subject_id, set()).add(row.scope)
    return scopes


async def latest_withdrawals(
    session: AsyncSession, subject_ids: Sequence[UUID]
) -> dict[UUID, dict[str, datetime]]:
    """Subject -> scope -> when consent of that scope was last withdrawn (by anyone): a consent
    given before it no longer holds."""
    # Run also without subjects (the same statements for known and unknown pseudonyms).
    result = await session.execute(
        text(
            "SELECT subject_id, scope, max(withdrawn_at) AS withdrawn_at FROM consent "
            "WHERE subject_id = ANY(CAST(:ids AS uuid[])) AND withdrawn_at IS NOT NULL "
            "GROUP BY subject_id, scope"
        ),
        {"ids": list(subject_ids)},
    )
    withdrawals: dict[UUID, dict[str, datetime]] = {}
    for row in result:
        withdrawals.setdefault(row.subject_id, {})[row.scope] = row.withdrawn_at
    return withdrawals


async def insert_consents(
    session: AsyncSession,
    writer: str,
    rows: Sequence[tuple[UUID, str, str, str, datetime, datetime | None]],
) -> None:
    """(subject_id, scope, text_version, legal_basis, given_at, withdrawn_at) as recorded by
    `writer`; a withdrawal sent later for the same consent text is recorded on the existing
    row."""
    if not rows:
        return
    ordered = sorted(rows, key=lambda r: (r[0], r[1], r[2]))
    document = orjson.dumps(
        [
            {"s": s, "scope": scope, "v": version, "b": basis, "g": given, "w": withdrawn}
            for s, scope, version, basis, given, withdrawn in ordered
        ],
        default=str,
    ).decode()
    await session.execute(
        text(
            "INSERT INTO consent (id, subject_id, scope, text_version, legal_basis, given_at, "
            "withdrawn_at, writer) SELECT gen_random_uuid(), s, scope, v, b, g, w, :writer "
            "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) "
            "AS t(s uuid, scope text, v text, b text, g timestamptz, w timestamptz) "
            "ON CONFLICT (subject_id, scope, text_version, writer) DO UPDATE "
            "SET withdrawn_at = EXCLUDED.withdrawn_at "
            "WHERE EXCLUDED.withdrawn_at IS NOT NULL AND consent.withdrawn_at IS NULL"
        ),
        {"rows": document, "writer": writer},
    )


async def find_for_erasure(
    session: AsyncSession, study_id: UUID, pseudonyms: Sequence[str]
) -> list[UUID]:
    return list((await find_by_pseudonyms(session, study_id, pseudonyms)).values())


async def delete(session: AsyncSession, subject_ids: Sequence[UUID]) -> int:
    """Delete subjects; their consents and submissions go with them (ON DELETE CASCADE)."""
    result = await session.execute(
        text("DELETE FROM subject WHERE id = ANY(CAST(:ids AS uuid[]))"), {"ids": list(subject_ids)}
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def delete_without_submissions(session: AsyncSession, study_id: UUID) -> int:
    result = await session.execute(
        text(
            "DELETE FROM subject sub WHERE sub.study_id = :study AND NOT EXISTS "
            "(SELECT 1 FROM submission s WHERE s.subject_id = sub.id)"
        ),
        {"study": study_id},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# The consent row that records a withdrawal on its own (given and withdrawn at the same moment,
# so it never counts as consent): it stands also for a subject who has no data yet.
WITHDRAWAL_TEXT = "withdrawal"


async def withdraw_consents(
    session: AsyncSession, subject_ids: Sequence[UUID], scope: str, at: datetime, writer: str
) -> None:
    """Withdraw every consent of `scope` of the subjects (whoever recorded it) and record the
    withdrawal itself, so a consent given before `at` no longer counts, also one sent later."""
    await session.execute(
        text(
            "UPDATE consent SET withdrawn_at = :at WHERE subject_id = ANY(CAST(:ids AS uuid[])) "
            "AND scope = :scope AND withdrawn_at IS NULL"
        ),
        {"ids": list(subject_ids), "scope": scope, "at": at},
    )
    await session.execute(
        text(
            "INSERT INTO consent (id, subject_id, scope, text_version, legal_basis, given_at, "
            "withdrawn_at, writer) SELECT gen_random_uuid(), s, :scope, :text, :text, :at, :at, "
            ":writer FROM unnest(CAST(:ids AS uuid[])) AS s "
            "ON CONFLICT (subject_id, scope, text_version, writer) DO UPDATE "
            "SET given_at = EXCLUDED.given_at, withdrawn_at = EXCLUDED.withdrawn_at"
        ),
        {
            "ids": list(subject_ids),
            "scope": scope,
            "at": at,
            "text": WITHDRAWAL_TEXT,
            "writer": writer,
        },
    )
