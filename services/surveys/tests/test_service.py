"""The service as a whole: health, limits on hostile input, no N+1 over lists of studies."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Setup, create_setup


@contextmanager
def counting_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    # when
    health = await client.get("/healthz")
    ready = await client.get("/readyz")
    # then
    assert health.status_code == 200 and ready.status_code == 200


async def test_an_oversized_batch_is_refused_before_parsing(
    app: FastAPI, client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    app.state.settings = app.state.settings.model_copy(update={"max_batch_bytes": 1000})
    # when
    response = await client.post(
        setup.batch_url, json=[setup.row(n) for n in range(20)], headers=integrator
    )
    # then
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_csv_row_with_extra_cells_is_rejected(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    body = "submission_id,subject,instrument_version,destination\ns-1,x,y,work,surplus\n"
    # when
    response = await client.post(
        setup.batch_url, content=body, headers={**integrator, "content-type": "text/csv"}
    )
    # then
    result = response.json()["results"][0]
    assert result["status"] == "rejected"
    assert "more cells than the header" in result["errors"][0]["message"]


async def test_listing_studies_takes_the_same_queries_for_three_or_six(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    tokens: TestTokens,
) -> None:
    # given
    query = """{ studies(first: 50) { edges { node {
      code waves { code } cohorts { code } indicators { code } } } } }"""
    headers = tokens.for_role(Role.ANALYST, MAGDEBURG)
    for _ in range(3):
        await create_setup(sessionmaker)
    with counting_statements(engine) as few:
        first = await client.post("/graphql", json={"query": query}, headers=headers)
    for _ in range(3):
        await create_setup(sessionmaker)
    # when
    with counting_statements(engine) as many:
        second = await client.post("/graphql", json={"query": query}, headers=headers)
    # then
    listed = len(first.json()["data"]["studies"]["edges"])
    assert listed >= 3
    assert len(second.json()["data"]["studies"]["edges"]) == listed + 3
    assert len(many) == len(few)
