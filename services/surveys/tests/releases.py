"""Helpers of the release tests: a table plan, closing and re-opening waves (time passing), and
releasing a wave through GraphQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.graphql.ids import to_global_id
from koko_surveys.wave.models import Wave

from .conftest import Setup, graphql_data

DEFINE = """mutation($input: TablePlanDefineInput!) { tablePlanDefine(input: $input) {
  plan { version indicators breakdowns codeLists } waves errors { field code message } } }"""

RELEASE = """mutation($input: WaveReleaseInput!) { waveRelease(input: $input) {
  release { id number revision planVersion waveId submissionCount newSubmissionCount }
  errors { field code message } } }"""

PLAN: dict[str, Any] = {
    "indicators": [
        {"code": "destination", "question": "destination"},
        {
            "code": "satisfaction",
            "question": "satisfaction",
            "categories": [
                {"code": "low", "minimum": 1, "maximum": 2},
                {"code": "high", "minimum": 3, "maximum": 5},
            ],
        },
    ],
    "breakdowns": [["AREA"], ["SEX"], ["AREA", "SEX"], ["AGE_GROUP"]],
    "codeLists": {"area": ["01", "02", "03"]},
}


async def define_plan(
    client: httpx.AsyncClient,
    setup: Setup,
    coordinator: dict[str, str],
    plan: dict[str, Any] | None = None,
) -> dict[str, Any]:
    data = await graphql_data(
        client,
        DEFINE,
        {"input": {"studyId": to_global_id("Study", setup.study.id), **(plan or PLAN)}},
        coordinator,
    )
    payload: dict[str, Any] = data["tablePlanDefine"]
    return payload


async def release(
    client: httpx.AsyncClient, wave: Wave, coordinator: dict[str, str]
) -> dict[str, Any]:
    data = await graphql_data(
        client, RELEASE, {"input": {"waveId": to_global_id("Wave", wave.id)}}, coordinator
    )
    payload: dict[str, Any] = data["waveRelease"]
    return payload


async def set_window(
    maker: async_sessionmaker[AsyncSession] | AsyncSession, wave: Wave, *, closes: date
) -> None:
    """Move the end of a wave's field window (time passing in a test): before today closes it,
    after today opens it again (a late import)."""
    statement = text("UPDATE wave SET field_closes_date = :closes WHERE id = :id")
    params = {"closes": closes, "id": wave.id}
    if isinstance(maker, AsyncSession):
        await maker.execute(statement, params)
        return
    async with maker() as session, session.begin():
        await session.execute(statement, params)
    wave.field_closes_date = closes


async def close(maker: async_sessionmaker[AsyncSession], wave: Wave) -> None:
    await set_window(maker, wave, closes=date.today() - timedelta(days=1))


async def reopen(maker: async_sessionmaker[AsyncSession], wave: Wave) -> None:
    await set_window(maker, wave, closes=date.today() + timedelta(days=30))


async def stored_cells(session: AsyncSession, release_id: str | None = None) -> list[Any]:
    """Every stored value (of one release), in a stable order."""
    where = "WHERE release_id = :r" if release_id else ""
    result = await session.execute(
        text(
            "SELECT release_id, kind, name, dims, key, category, value FROM release_cell "
            f"{where} ORDER BY 1, 2, 3, 4, 5, 6"
        ),
        {"r": release_id} if release_id else {},
    )
    return [(r[0], r[1], r[2], r[3], tuple(r[4]), r[5], r[6]) for r in result]
