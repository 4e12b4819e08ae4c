"""Every aggregate query over submissions (counts only; disclosure control is applied by the
service before anything leaves)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys.analytics.conditions import to_sql
from koko_surveys.analytics.disclosure import Count
from koko_surveys.analytics.ptable import KEY_MODULUS

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


@dataclass(frozen=True, slots=True)
class Scope:
    """Which submissions a live aggregate counts: the current ones of some studies (for their
    analysts; everyone else reads stored releases, `release/`)."""

    live_studies: tuple[UUID, ...] = ()


def _in_scope(alias: str, scope: Scope, params: dict[str, Any]) -> str:
    parts = []
    if scope.live_studies:
        params["live_studies"] = list(scope.live_studies)
        parts.append(
            f"({alias}.study_id = ANY(CAST(:live_studies AS uuid[])) "
            f"AND {alias}.superseded_at IS NULL)"
        )
    return "(" + " OR ".join(parts) + ")" if parts else "FALSE"


def _key(records: str, condition: str = "TRUE") -> str:
    """The cell key of the records matching a condition: their record keys summed modulo 2^32."""
    return f"coalesce(sum({records}.record_key) FILTER (WHERE {condition}), 0) % {KEY_MODULUS}"


async def indicator_counts(
    session: AsyncSession,
    *,
    study_id: UUID,
    scope: Scope,
    wave_id: UUID | None,
    dimensions: Sequence[str],
    numerator: dict[str, Any],
    denominator: dict[str, Any],
    region_prefix: str | None = None,
) -> list[tuple[tuple[str | None, ...], Count, Count]]:
    """(dimension values, numerator, denominator) per group of submissions in scope."""
    params: dict[str, Any] = {"study": study_id}
    numerator_sql = to_sql(numerator, params)
    denominator_sql = to_sql(denominator, params, counter=count(1000))
    where = ["s.study_id = :study", _in_scope("s", scope, params)]
    if wave_id is not None:
        where.append("s.wave_id = :wave")
        params["wave"] = wave_id
    if region_prefix:
        where.append("s.region_ars LIKE :region")
        params["region"] = region_prefix + "%"
    columns = [DIMENSION_COLUMNS[d] for d in dimensions]
    select_dims = "".join(f"{c} AS d{i}, " for i, c in enumerate(columns))
    group = f"GROUP BY {', '.join(columns)}" if columns else ""
    in_denominator = f"coalesce({denominator_sql}, FALSE)"
    in_numerator = f"{in_denominator} AND coalesce({numerator_sql}, FALSE)"
    sql = (
        f"SELECT {select_dims}"
        f"count(*) FILTER (WHERE {in_denominator}) AS denominator, "
        f"{_key('s', in_denominator)} AS denominator_key, "
        f"count(*) FILTER (WHERE {in_numerator}) AS numerator, "
        f"{_key('s', in_numerator)} AS numerator_key "
        f"FROM submission s JOIN wave w ON w.id = s.wave_id WHERE {' AND '.join(where)} {group}"
    )
    result = await session.execute(text(sql), params)
    rows = []
    for row in result:
        mapping = row._mapping
        key = tuple(mapping[f"d{i}"] for i in range(len(columns)))
        rows.append(
            (
                key,
                Count(int(mapping["numerator"]), int(mapping["numerator_key"])),
                Count(int(mapping["denominator"]), int(mapping["denominator_key"])),
            )
        )
    return rows


async def transition_counts(
    session: AsyncSession, *, scope: Scope, from_wave: UUID, to_wave: UUID, question: str
) -> list[tuple[str, str, Count]]:
    """(state in the first wave, state in the second or not re-interviewed, subjects)."""
    # Both sides are whole waves: a hash join is always right. Right after a bulk load the
    # statistics can still say "tiny table", and a nested loop over 100k x 100k never ends.
    await session.execute(text("SET LOCAL enable_nestloop = off"))
    params: dict[str, Any] = {
        "q": question,
        "none": NO_ANSWER,
        "gone": NOT_REINTERVIEWED,
        "from_wave": from_wave,
        "to_wave": to_wave,
    }
    # A transition is one record: the subject's interview in the first wave (its record key).
    result = await session.execute(
        text(
            "SELECT coalesce(a.answers ->> :q, :none) AS from_state, "
            "CASE WHEN b.id IS NULL THEN :gone ELSE coalesce(b.answers ->> :q, :none) END AS "
            f"to_state, count(*) AS n, {_key('a')} AS k "
            "FROM submission a LEFT JOIN submission b ON b.subject_id = a.subject_id "
            f"AND b.wave_id = :to_wave AND {_in_scope('b', scope, params)} "
            f"WHERE a.wave_id = :from_wave AND {_in_scope('a', scope, params)} GROUP BY 1, 2"
        ),
        params,
    )
    return [(row.from_state, row.to_state, Count(int(row.n), int(row.k))) for row in result]


async def retention_counts(
    session: AsyncSession, study_id: UUID, scope: Scope
) -> list[tuple[UUID, Count, Count]]:
    """Per wave: subjects interviewed, and how many of them were in the first wave."""
    params: dict[str, Any] = {"study": study_id}
    result = await session.execute(
        text(
            "WITH first AS (SELECT s.subject_id FROM submission s JOIN wave w ON w.id = s.wave_id "
            f"WHERE w.study_id = :study AND {_in_scope('s', scope, params)} AND w.position = "
            "(SELECT min(position) FROM wave WHERE study_id = :study)) "
            "SELECT w.id, count(s.subject_id) AS interviewed, "
            f"{_key('s', 's.id IS NOT NULL')} AS interviewed_key, "
            "count(f.subject_id) AS retained, "
            f"{_key('s', 'f.subject_id IS NOT NULL')} AS retained_key "
            "FROM wave w LEFT JOIN submission s ON s.wave_id = w.id "
            f"AND {_in_scope('s', scope, params)} "
            "LEFT JOIN first f ON f.subject_id = s.subject_id "
            "WHERE w.study_id = :study GROUP BY w.id, w.position ORDER BY w.position"
        ),
        params,
    )
    return [
        (
            row.id,
            Count(int(row.interviewed), int(row.interviewed_key)),
            Count(int(row.retained), int(row.retained_key)),
        )
        for row in result
    ]


async def language_demand(
    session: AsyncSession, scope: Scope, region_prefix: str
) -> list[tuple[str, Count]]:
    """Newcomers still seeking a language course, by the CEFR level they need next, from each
    subject's latest intake interview."""
    if not scope.live_studies:
        return []
    params: dict[str, Any] = {"region": region_prefix + "%"}
    result = await session.execute(
        text(
            "WITH latest AS (SELECT DISTINCT ON (s.subject_id) s.answers, s.record_key "
            "FROM submission s JOIN wave w ON w.id = s.wave_id "
            f"WHERE {_in_scope('s', scope, params)} "
            "AND s.region_ars LIKE :region ORDER BY s.subject_id, w.position DESC) "
            "SELECT CASE answers ->> 'german_level' WHEN 'none' THEN 'A1' WHEN 'A1' THEN 'A2' "
            "WHEN 'A2' THEN 'B1' WHEN 'B1' THEN 'B2' WHEN 'B2' THEN 'C1' WHEN 'C1' THEN 'C2' "
            "END AS level, "
            f"count(*) AS n, {_key('latest')} AS k FROM latest "
            "WHERE answers -> 'seeking_course' = 'true'::jsonb AND answers ? 'german_level' "
            "GROUP BY 1 "
            "ORDER BY 1"
        ),
        params,
    )
    return [(row.level, Count(int(row.n), int(row.k))) for row in result if row.level]


async def offer_outcome_counts(
    session: AsyncSession,
    *,
    study_id: UUID,
    scope: Scope,
    offer_id: str,
    numerator: dict[str, Any],
    denominator: dict[str, Any],
) -> tuple[Count, Count]:
    """(numerator, denominator) over the latest interview of each participant of an offer."""
    params: dict[str, Any] = {"study": study_id, "offer": offer_id}
    numerator_sql = to_sql(numerator, params)
    denominator_sql = to_sql(denominator, params, counter=count(1000))
    in_denominator = f"coalesce({denominator_sql}, FALSE)"
    in_numerator = f"{in_denominator} AND coalesce({numerator_sql}, FALSE)"
    result = await session.execute(
        text(
            "WITH latest AS (SELECT DISTINCT ON (s.subject_id) s.* FROM submission s "
            "JOIN wave w ON w.id = s.wave_id WHERE s.study_id = :study "
            f"AND {_in_scope('s', scope, params)} "
            "AND s.subject_id IN (SELECT o.subject_id FROM submission o WHERE o.study_id = :study "
            f"AND o.offer_id = :offer AND {_in_scope('o', scope, params)}) "
            "ORDER BY s.subject_id, w.position DESC) "
            f"SELECT count(*) FILTER (WHERE {in_denominator}) AS d, "
            f"{_key('s', in_denominator)} AS dk, "
            f"count(*) FILTER (WHERE {in_numerator}) AS n, {_key('s', in_numerator)} AS nk "
            "FROM latest s"
        ),
        params,
    )
    row = result.one()
    return Count(int(row.n), int(row.nk)), Count(int(row.d), int(row.dk))


async def offer_participants(
    session: AsyncSession, *, study_id: UUID, scope: Scope, offer_id: str
) -> int:
    """Subjects of a study who took part in an offer, among the submissions in scope."""
    params: dict[str, Any] = {"study": study_id, "offer": offer_id}
    result = await session.execute(
        text(
            "SELECT count(DISTINCT o.subject_id) FROM submission o WHERE o.study_id = :study "
            f"AND o.offer_id = :offer AND {_in_scope('o', scope, params)}"
        ),
        params,
    )
    return int(result.scalar_one())


async def studies_with_offer(session: AsyncSession, offer_id: str) -> list[UUID]:
    result = await session.execute(
        text(
            "SELECT DISTINCT study_id FROM submission WHERE offer_id = :offer AND superseded_at "
            "IS NULL"
        ),
        {"offer": offer_id},
    )
    return [row[0] for row in result]


async def dimension_values(
    session: AsyncSession, *, study_id: UUID, scope: Scope, dimension: str
) -> list[tuple[str | None, int]]:
    """Every value of a dimension in the study's submissions in scope, over all waves, with its
    number of submissions (so the rows of a table never depend on the wave or region it is
    narrowed to)."""
    params: dict[str, Any] = {"study": study_id}
    column = DIMENSION_COLUMNS[dimension]
    result = await session.execute(
        text(
            f"SELECT {column} AS value, count(*) AS n FROM submission s "
            "JOIN wave w ON w.id = s.wave_id "
            f"WHERE s.study_id = :study AND {_in_scope('s', scope, params)} GROUP BY 1"
        ),
        params,
    )
    return [(row.value, int(row.n)) for row in result]
