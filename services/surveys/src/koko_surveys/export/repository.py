"""Every query on exports, export records and panel access, and the read of the interviews an
export releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys.export.columns import Interview
from koko_surveys.export.models import MicrodataExport


async def interviews(
    session: AsyncSession,
    study_id: UUID,
    wave_ids: Sequence[UUID],
    region_prefixes: Sequence[str] | None,
) -> list[Interview]:
    """The current interviews of the waves (no superseded or held ones), where the analyst may
    read them."""
    params: dict[str, Any] = {"study": study_id, "waves": list(wave_ids)}
    where = ["s.study_id = :study", "s.wave_id = ANY(CAST(:waves AS uuid[]))"]
    where.append("s.superseded_at IS NULL")
    if region_prefixes is not None:
        where.append("s.region_ars LIKE ANY(CAST(:regions AS text[]))")
        params["regions"] = [p + "%" for p in region_prefixes]
    result = await session.execute(
        text(
            "SELECT s.subject_id, s.wave_id, s.region_ars, s.area_code, s.sex, s.age_group, "
            "s.origin_group, s.cohort_code, s.submitted_at, s.answers, "
            "i.code || '@' || v.version AS instrument_version "
            "FROM submission s JOIN instrument_version v ON v.id = s.instrument_version_id "
            "JOIN instrument i ON i.id = v.instrument_id "
            f"WHERE {' AND '.join(where)} ORDER BY s.subject_id, s.wave_id"
        ),
        params,
    )
    return [
        Interview(
            subject_id=row.subject_id,
            wave_id=row.wave_id,
            attributes={
                "regionArs": row.region_ars,
                "areaCode": row.area_code,
                "sex": row.sex,
                "ageGroup": row.age_group,
                "originGroup": row.origin_group,
                "cohort": row.cohort_code,
            },
            submitted_at=row.submitted_at,
            instrument_version=row.instrument_version,
            answers=row.answers,
        )
        for row in result
    ]


@dataclass(frozen=True, slots=True)
class Received:
    """One earlier export of the same recipient: how it was made and, per person, their class
    and the key columns blanked for them."""

    export_id: UUID
    generalisation: str
    key_columns: tuple[str, ...]
    classes: dict[UUID, tuple[int, frozenset[str]]]


async def lock_recipient(session: AsyncSession, study_id: UUID, recipient: str) -> None:
    """Serialize the exports of one recipient and study until the transaction ends: an export
    made meanwhile must be part of the next one's history."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))"),
        {"lock": f"surveys-export:{study_id}:{recipient}"},
    )


async def received(
    session: AsyncSession, study_id: UUID, recipient: str, wave_ids: Sequence[UUID]
) -> list[Received]:
    """Every earlier export of the study to `recipient` that shares a wave with `wave_ids`,
    oldest first."""
    exports = await session.execute(
        text(
            "SELECT id, generalisation, key_columns FROM microdata_export WHERE study_id = :study "
            "AND recipient = :recipient AND wave_ids && CAST(:waves AS uuid[]) "
            "ORDER BY created_at, id"
        ),
        {"study": study_id, "recipient": recipient, "waves": list(wave_ids)},
    )
    found = [Received(row.id, row.generalisation, tuple(row.key_columns), {}) for row in exports]
    if not found:
        return []
    by_id = {r.export_id: r for r in found}
    records = await session.execute(
        text(
            "SELECT export_id, subject_id, class_number, suppressed FROM microdata_export_record "
            "WHERE export_id = ANY(CAST(:ids AS uuid[]))"
        ),
        {"ids": list(by_id)},
    )
    for row in records:
        by_id[row.export_id].classes[row.subject_id] = (row.class_number, frozenset(row.suppressed))
    return found


async def add_export(session: AsyncSession, export: MicrodataExport) -> MicrodataExport:
    session.add(export)
    await session.flush()
    return export


async def add_records(
    session: AsyncSession, export_id: UUID, records: Sequence[dict[str, Any]]
) -> None:
    """Records as {position, subject_id, class_number, suppressed, row}, in one statement."""
    if not records:
        return
    await session.execute(
        text(
            "INSERT INTO microdata_export_record "
            "(export_id, position, subject_id, class_number, suppressed, row) "
            "SELECT :export, position, subject_id, class_number, suppressed, row "
            "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS t(position int, subject_id uuid, "
            "class_number int, suppressed text[], row jsonb)"
        ),
        {"export": export_id, "rows": orjson.dumps(records, default=str).decode()},
    )


async def get_export(session: AsyncSession, export_id: UUID) -> MicrodataExport | None:
    return await session.get(MicrodataExport, export_id)


async def page(
    session: AsyncSession, export_id: UUID, after: int, limit: int
) -> list[tuple[int, dict[str, Any] | None]]:
    """(position, row) after a position; a row is None once the export's pages expired."""
    result = await session.execute(
        text(
            "SELECT position, row FROM microdata_export_record WHERE export_id = :export "
            "AND position > :after ORDER BY position LIMIT :limit"
        ),
        {"export": export_id, "after": after, "limit": limit},
    )
    return [(row.position, row.row) for row in result]


async def clear_rows_before(session: AsyncSession, before: datetime) -> int:
    """Drop the released rows of exports made before `before`; what each recipient received
    (class and blanks per person) stays for the next export's check."""
    result = await session.execute(
        text(
            "UPDATE microdata_export_record r SET row = NULL FROM microdata_export e "
            "WHERE r.export_id = e.id AND e.created_at < :before AND r.row IS NOT NULL"
        ),
        {"before": before},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def forget_records_of_expired_waves(
    session: AsyncSession, study_id: UUID, retention_days: int
) -> int:
    """Records of exports that released a wave past its retention go with its submissions."""
    result = await session.execute(
        text(
            "DELETE FROM microdata_export_record r USING microdata_export e "
            "WHERE r.export_id = e.id AND e.study_id = :study AND EXISTS ("
            "SELECT 1 FROM wave w WHERE w.id = ANY(e.wave_ids) "
            "AND w.field_closes_date + make_interval(days => :days) < current_date)"
        ),
        {"study": study_id, "days": retention_days},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def has_panel_access(session: AsyncSession, study_id: UUID, analyst: str) -> bool:
    result = await session.execute(
        text("SELECT 1 FROM study_panel_access WHERE study_id = :study AND analyst = :analyst"),
        {"study": study_id, "analyst": analyst},
    )
    return result.first() is not None


async def grant_panel_access(
    session: AsyncSession, study_id: UUID, analyst: str, granted_by: str
) -> bool:
    """True when the grant is new."""
    result = await session.execute(
        text(
            "INSERT INTO study_panel_access (study_id, analyst, granted_by) "
            "VALUES (:study, :analyst, :by) ON CONFLICT DO NOTHING RETURNING analyst"
        ),
        {"study": study_id, "analyst": analyst, "by": granted_by},
    )
    return result.first() is not None


async def revoke_panel_access(session: AsyncSession, study_id: UUID, analyst: str) -> bool:
    """True when there was a grant to revoke."""
    result = await session.execute(
        text(
            "DELETE FROM study_panel_access WHERE study_id = :study AND analyst = :analyst "
            "RETURNING analyst"
        ),
        {"study": study_id, "analyst": analyst},
    )
    return result.first() is not None


async def panel_access_of(session: AsyncSession, study_id: UUID) -> list[tuple[str, str, datetime]]:
    """(analyst, granted_by, granted_at) of a study, by analyst."""
    result = await session.execute(
        text(
            "SELECT analyst, granted_by, granted_at FROM study_panel_access "
            "WHERE study_id = :study ORDER BY analyst"
        ),
        {"study": study_id},
    )
    return [(row.analyst, row.granted_by, row.granted_at) for row in result]
