"""Every query on releases, the submissions they counted and the values they store."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import orjson
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_surveys.plan.models import TablePlan
from koko_surveys.release.cells import CellId, Interview
from koko_surveys.release.models import Release
from koko_surveys.wave.models import Wave

DIMENSION_COLUMNS = ("area_code", "cohort_code", "origin_group", "age_group", "sex")
DIMENSION_NAMES = ("area", "cohort", "origin_group", "age_group", "sex")


async def of_study(session: AsyncSession, study_id: UUID) -> list[Release]:
    query = select(Release).where(col(Release.study_id) == study_id).order_by(col(Release.number))
    return list((await session.execute(query)).scalars())


async def get(session: AsyncSession, release_id: UUID) -> Release | None:
    return await session.get(Release, release_id)


async def latest_of_waves(session: AsyncSession, wave_ids: Sequence[UUID]) -> dict[UUID, Release]:
    """The latest release (highest revision) of each wave that has one."""
    if not wave_ids:
        return {}
    newest = (
        select(col(Release.wave_id), func.max(col(Release.revision)).label("revision"))
        .where(col(Release.wave_id).in_(wave_ids))
        .group_by(col(Release.wave_id))
        .subquery()
    )
    query = select(Release).join(
        newest,
        (col(Release.wave_id) == newest.c.wave_id) & (col(Release.revision) == newest.c.revision),
    )
    return {r.wave_id: r for r in (await session.execute(query)).scalars() if r.wave_id}


async def next_number(session: AsyncSession, study_id: UUID) -> int:
    query = select(func.max(col(Release.number))).where(col(Release.study_id) == study_id)
    return int((await session.execute(query)).scalar() or 0) + 1


async def lock_study(session: AsyncSession, study_id: UUID) -> None:
    """Serialise releases of one study (two coordinators releasing at once)."""
    await session.execute(
        text("SELECT id FROM study WHERE id = :study FOR UPDATE"), {"study": study_id}
    )


async def pinned_plan(session: AsyncSession, wave_id: UUID) -> TablePlan | None:
    """The table plan version the wave pinned (read from the database, not a cached wave)."""
    query = (
        select(TablePlan)
        .join(
            Wave,
            (col(Wave.study_id) == col(TablePlan.study_id))
            & (col(Wave.table_plan_version) == col(TablePlan.version)),
        )
        .where(col(Wave.id) == wave_id)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def interviews(
    session: AsyncSession, wave_ids: Sequence[UUID], *, release_id: UUID | None = None
) -> list[tuple[UUID, UUID, Interview]]:
    """(wave id, submission row id, interview) of some waves: their current interviews, or
    those a release counted (`release_id`)."""
    if release_id is None:
        where = "s.wave_id = ANY(CAST(:waves AS uuid[])) AND s.superseded_at IS NULL"
        params: dict[str, object] = {"waves": list(wave_ids)}
    else:
        where = (
            "s.wave_id = ANY(CAST(:waves AS uuid[])) AND s.id IN (SELECT submission_row_id "
            "FROM study_release_submission WHERE release_id = :release)"
        )
        params = {"waves": list(wave_ids), "release": release_id}
    result = await session.execute(
        text(
            "SELECT s.wave_id, s.id, s.subject_id, s.record_key, s.answers, "
            f"{', '.join('s.' + c for c in DIMENSION_COLUMNS)} FROM submission s WHERE {where}"
        ),
        params,
    )
    return [
        (
            row.wave_id,
            row.id,
            Interview(
                row.subject_id,
                int(row.record_key),
                dict(row.answers or {}),
                {
                    name: getattr(row, column)
                    for name, column in zip(DIMENSION_NAMES, DIMENSION_COLUMNS, strict=True)
                },
            ),
        )
        for row in result
    ]


async def store(
    session: AsyncSession,
    release: Release,
    submission_row_ids: Sequence[UUID],
    values: dict[CellId, int],
) -> None:
    """Store the release, the submissions it counted and its published values."""
    session.add(release)
    await session.flush()
    await session.execute(
        text(
            "INSERT INTO study_release_submission (release_id, submission_row_id) "
            "SELECT :release, unnest(CAST(:rows AS uuid[])) ON CONFLICT DO NOTHING"
        ),
        {"release": release.id, "rows": list(submission_row_ids)},
    )
    document = orjson.dumps(
        [
            {"kind": k, "name": n, "dims": d, "key": list(key), "category": c, "value": v}
            for (k, n, d, key, c), v in values.items()
        ]
    ).decode()
    await session.execute(
        text(
            "INSERT INTO release_cell (release_id, kind, name, dims, key, category, value, sign) "
            "SELECT :release, kind, name, dims, ARRAY(SELECT jsonb_array_elements_text(key)), "
            "category, value, 'value' FROM jsonb_to_recordset(CAST(:cells AS jsonb)) "
            "AS t(kind text, name text, dims text, key jsonb, category text, value int)"
        ),
        {"release": release.id, "cells": document},
    )


async def values(
    session: AsyncSession,
    release_ids: Sequence[UUID],
    *,
    kind: str | None = None,
    name: str | None = None,
    dims: str | None = None,
) -> dict[UUID, dict[CellId, int | None]]:
    """The stored values of some releases (optionally of one table)."""
    if not release_ids:
        return {}
    where = ["release_id = ANY(CAST(:releases AS uuid[]))"]
    params: dict[str, object] = {"releases": list(release_ids)}
    for column, value in (("kind", kind), ("name", name), ("dims", dims)):
        if value is not None:
            where.append(f"{column} = :{column}")
            params[column] = value
    result = await session.execute(
        text(
            "SELECT release_id, kind, name, dims, key, category, value FROM release_cell "
            f"WHERE {' AND '.join(where)}"
        ),
        params,
    )
    stored: dict[UUID, dict[CellId, int | None]] = {r: {} for r in release_ids}
    for row in result:
        cell: CellId = (row.kind, row.name, row.dims, tuple(row.key), row.category)
        stored[row.release_id][cell] = row.value
    return stored
