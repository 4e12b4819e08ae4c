"""Every aggregate query over submissions (counts only; disclosure control is applied by the
service before anything leaves)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys.analytics.conditions import to_sql

# Dimension name -> column of submission (or joined wave code).
DIMENSION_COLUMNS = {
    "region": "s.region_ars",
    "area": "s.area_code",
    "cohort": "s.cohort_code",
    "origin_group": "s.origin_group",
    "age_group": "s.age_group",
    "sex": "s.sex",
    "wave": "w.code",
}
NOT_REINTERVIEWED = "not_reinterviewed"
NO_ANSWER = "no_answer"


async def indicator_counts(
    session: AsyncSession,
    *,
    study_id: UUID,
    wave_id: UUID | None,
    dimensions: Sequence[str],
    numerator: dict[str, Any],
    denominator: dict[str, Any],
    region_prefix: str | None = None,
) -> list[tuple[tuple[str | None, ...], int, int]]:
    """(dimension values, numerator, denominator) per group of current submissions."""
    params: dict[str, Any] = {"study": study_id}
    numerator_sql = to_sql(numerator, params)
    denominator_sql = to_sql(denominator, params, counter=count(1000))
    where = ["s.study_id = :study", "s.superseded_at IS NULL"]
    if wave_id is not None:
        where.append("s.wave_id = :wave")
        params["wave"] = wave_id
    if region_prefix:
        where.append("s.region_ars LIKE :region")
        params["region"] = region_prefix + "%"
    columns = [DIMENSION_COLUMNS[d] for d in dimensions]
    select_dims = "".join(f"{c} AS d{i}, " for i, c in enumerate(columns))
    group = f"GROUP BY {', '.join(columns)}" if columns else ""
    sql = (
        f"SELECT {select_dims}"
        f"count(*) FILTER (WHERE coalesce({denominator_sql}, FALSE)) AS denominator, "
        f"count(*) FILTER (WHERE coalesce({denominator_sql}, FALSE) AND "
        f"coalesce({numerator_sql}, FALSE)) AS numerator "
        f"FROM submission s JOIN wave w ON w.id = s.wave_id WHERE {' AND '.join(where)} {group}"
    )
    result = await session.execute(text(sql), params)
    rows = []
    for row in result:
        mapping = row._mapping
        key = tuple(mapping[f"d{i}"] for i in range(len(columns)))
        rows.append((key, int(mapping["numerator"]), int(mapping["denominator"])))
    return rows


async def transition_counts(
    session: AsyncSession, *, from_wave: UUID, to_wave: UUID, question: str
) -> list[tuple[str, str, int]]:
    """(state in the first wave, state in the second or not re-interviewed, subjects)."""
    # Both sides are whole waves: a hash join is always right. Right after a bulk load the
    # statistics can still say "tiny table", and a nested loop over 100k x 100k never ends.
    await session.execute(text("SET LOCAL enable_nestloop = off"))
    result = await session.execute(
        text(
            "SELECT coalesce(a.answers ->> :q, :none) AS from_state, "
            "CASE WHEN b.id IS NULL THEN :gone ELSE coalesce(b.answers ->> :q, :none) END AS "
            "to_state, "
            "count(*) AS n "
            "FROM submission a LEFT JOIN submission b ON b.subject_id = a.subject_id "
            "AND b.wave_id = :to_wave AND b.superseded_at IS NULL "
            "WHERE a.wave_id = :from_wave AND a.superseded_at IS NULL GROUP BY 1, 2"
        ),
        {
            "q": question,
            "none": NO_ANSWER,
            "gone": NOT_REINTERVIEWED,
            "from_wave": from_wave,
            "to_wave": to_wave,
        },
    )
    return [(row.from_state, row.to_state, int(row.n)) for row in result]


async def retention_counts(session: AsyncSession, study_id: UUID) -> list[tuple[UUID, int, int]]:
    """Per wave: subjects interviewed, and how many of them were in the first wave."""
    result = await session.execute(
        text(
            "WITH first AS (SELECT s.subject_id FROM submission s JOIN wave w ON w.id = s.wave_id "
            "WHERE w.study_id = :study AND s.superseded_at IS NULL AND w.position = "
            "(SELECT min(position) FROM wave WHERE study_id = :study)) "
            "SELECT w.id, count(s.subject_id) AS interviewed, count(f.subject_id) AS retained "
            "FROM wave w LEFT JOIN submission s ON s.wave_id = w.id AND s.superseded_at IS NULL "
            "LEFT JOIN first f ON f.subject_id = s.subject_id "
            "WHERE w.study_id = :study GROUP BY w.id, w.position ORDER BY w.position"
        ),
        {"study": study_id},
    )
    return [(row.id, int(row.interviewed), int(row.retained)) for row in result]


async def language_demand(
    session: AsyncSession, study_ids: Sequence[UUID], region_prefix: str
) -> list[tuple[str, int]]:
    """Newcomers still seeking a language course, by the CEFR level they need next, from each
    subject's latest intake interview."""
    if not study_ids:
        return []
    result = await session.execute(
        text(
            "WITH latest AS (SELECT DISTINCT ON (s.subject_id) s.answers "
            "FROM submission s JOIN wave w ON w.id = s.wave_id "
            "WHERE s.study_id = ANY(CAST(:studies AS uuid[])) AND s.superseded_at IS NULL "
            "AND s.region_ars LIKE :region ORDER BY s.subject_id, w.position DESC) "
            "SELECT CASE answers ->> 'german_level' WHEN 'none' THEN 'A1' WHEN 'A1' THEN 'A2' "
            "WHEN 'A2' THEN 'B1' WHEN 'B1' THEN 'B2' WHEN 'B2' THEN 'C1' WHEN 'C1' THEN 'C2' "
            "END AS level, "
            "count(*) AS n FROM latest "
            "WHERE answers -> 'seeking_course' = 'true'::jsonb AND answers ? 'german_level' "
            "GROUP BY 1 "
            "ORDER BY 1"
        ),
        {"studies": list(study_ids), "region": region_prefix + "%"},
    )
    return [(row.level, int(row.n)) for row in result if row.level]


async def offer_outcome_counts(
    session: AsyncSession,
    *,
    study_id: UUID,
    offer_id: str,
    numerator: dict[str, Any],
    denominator: dict[str, Any],
) -> tuple[int, int]:
    """(numerator, denominator) over the latest interview of each participant of an offer."""
    params: dict[str, Any] = {"study": study_id, "offer": offer_id}
    numerator_sql = to_sql(numerator, params)
    denominator_sql = to_sql(denominator, params, counter=count(1000))
    result = await session.execute(
        text(
            "WITH latest AS (SELECT DISTINCT ON (s.subject_id) s.* FROM submission s "
            "JOIN wave w ON w.id = s.wave_id WHERE s.study_id = :study AND s.superseded_at IS NULL "
            "AND s.subject_id IN (SELECT o.subject_id FROM submission o WHERE o.study_id = :study "
            "AND o.offer_id = :offer AND o.superseded_at IS NULL) "
            "ORDER BY s.subject_id, w.position DESC) "
            f"SELECT count(*) FILTER (WHERE coalesce({denominator_sql}, FALSE)) AS d, "
            f"count(*) FILTER (WHERE coalesce({denominator_sql}, FALSE) AND "
            f"coalesce({numerator_sql}, FALSE)) AS n "
            "FROM latest s"
        ),
        params,
    )
    row = result.one()
    return int(row.n), int(row.d)


async def studies_with_offer(session: AsyncSession, offer_id: str) -> list[UUID]:
    result = await session.execute(
        text(
            "SELECT DISTINCT study_id FROM submission WHERE offer_id = :offer AND superseded_at "
            "IS NULL"
        ),
        {"offer": offer_id},
    )
    return [row[0] for row in result]
