"""Every query on releases and the submissions they froze."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_surveys.release.models import Release


async def of_study(session: AsyncSession, study_id: UUID) -> list[Release]:
    query = select(Release).where(col(Release.study_id) == study_id).order_by(col(Release.number))
    return list((await session.execute(query)).scalars())


async def latest(session: AsyncSession, study_ids: Sequence[UUID]) -> dict[UUID, Release]:
    """The latest release of each study that has one."""
    newest = (
        select(col(Release.study_id), func.max(col(Release.number)).label("number"))
        .where(col(Release.study_id).in_(study_ids))
        .group_by(col(Release.study_id))
        .subquery()
    )
    query = select(Release).join(
        newest,
        (col(Release.study_id) == newest.c.study_id) & (col(Release.number) == newest.c.number),
    )
    return {r.study_id: r for r in (await session.execute(query)).scalars()}


async def get(session: AsyncSession, release_id: UUID) -> Release | None:
    return await session.get(Release, release_id)


async def lock_study(session: AsyncSession, study_id: UUID) -> None:
    """Serialise releases of one study (two coordinators publishing at once)."""
    await session.execute(
        text("SELECT id FROM study WHERE id = :study FOR UPDATE"), {"study": study_id}
    )


async def candidate_counts(
    session: AsyncSession,
    *,
    study_id: UUID,
    cut_off_at: datetime,
    wave_ids: Sequence[UUID],
    previous: UUID | None,
) -> dict[str, tuple[int, int]]:
    """Per wave code: (submissions a release cut now would hold, how many of them the previous
    release lacks)."""
    where, params = _candidates(study_id, cut_off_at, wave_ids)
    params["previous"] = previous
    result = await session.execute(
        text(
            "SELECT w.code, count(*) AS total, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "
            "study_release_submission r WHERE r.release_id = :previous "
            "AND r.submission_row_id = s.id)) AS new "
            f"FROM submission s JOIN wave w ON w.id = s.wave_id WHERE {where} GROUP BY w.code"
        ),
        params,
    )
    return {row.code: (int(row.total), int(row.new)) for row in result}


async def freeze(
    session: AsyncSession,
    release: Release,
) -> None:
    """Store the release and the submissions it holds, in one statement each."""
    session.add(release)
    await session.flush()
    where, params = _candidates(release.study_id, release.cut_off_at, release.wave_ids)
    params["release"] = release.id
    await session.execute(
        text(
            "INSERT INTO study_release_submission (release_id, submission_row_id) "
            f"SELECT :release, s.id FROM submission s WHERE {where}"
        ),
        params,
    )


def _candidates(
    study_id: UUID, cut_off_at: datetime, wave_ids: Sequence[UUID]
) -> tuple[str, dict[str, object]]:
    """Current submissions of the study stored up to the cut-off (of the given waves)."""
    where = (
        "s.study_id = :study AND s.created_at <= :cut_off "
        "AND (s.superseded_at IS NULL OR s.superseded_at > :cut_off)"
    )
    params: dict[str, object] = {"study": study_id, "cut_off": cut_off_at}
    if wave_ids:
        where += " AND s.wave_id = ANY(CAST(:waves AS uuid[]))"
        params["waves"] = list(wave_ids)
    return where, params
