"""Slow uploads do not hold the database: the rights check runs on a connection returned before the
body streams in, so uploads trickling in from slow links leave the pool free for everyone else
(issue 18: thirty slow uploads held all twenty connections). Real transactions on a pool of two."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import orjson
import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from koko_shared.auth.actor import Role
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.testing.gateway_edge import gateway_client
from koko_shared.testing.identity import TestTokens
from koko_surveys.settings import SurveysSettings

from .conftest import Setup, _app, create_setup

UPLOADS = 3  # more uploads than connections


@pytest.fixture
async def small_pool(database_url: URL) -> AsyncIterator[AsyncEngine]:
    # Two connections. Once the bodies are in, the three uploads take turns on them: the wait
    # is bounded generously (0.5 s refused the third upload on a loaded machine, its turn came
    # after the two others' 600 ms transactions); an upload holding its connection while its
    # body streams would still never let the third in.
    engine = create_engine(database_url, pool_size=1, pool_timeout=10)
    yield engine
    await engine.dispose()


async def test_uploads_trickling_in_hold_no_connection(
    small_pool: AsyncEngine, settings: SurveysSettings, database_url: URL, tokens: TestTokens
) -> None:
    maker = create_sessionmaker(small_pool)
    setup: Setup = await create_setup(maker)
    app = _app(settings, maker, small_pool, database_url)
    headers = {
        **tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),)),
        "content-type": "application/json",
    }
    held_while_streaming: list[int] = []
    # Uploads whose handler has read part of the body and asks for more (the app pulls the
    # next chunk from the generator); all of them are held there until every one arrived.
    midway = 0
    all_midway = asyncio.Event()

    async def trickle(n: int) -> AsyncIterator[bytes]:
        body = orjson.dumps([setup.row(n)])
        size = len(body) // 4 + 1
        chunks = [body[start : start + size] for start in range(0, len(body), size)]
        nonlocal midway
        yield chunks[0]
        midway += 1
        if midway == UPLOADS:  # every upload is mid-body: nobody may hold a connection
            held_while_streaming.append(small_pool.pool.checkedout())  # type: ignore[attr-defined]
            all_midway.set()
        await asyncio.wait_for(all_midway.wait(), 60)
        for chunk in chunks[1:]:
            yield chunk

    async with gateway_client(app, "surveys", "http://surveys.test") as client:
        # when three uploads trickle in over a slow link at once, beside a quick request
        uploads = [
            client.post(setup.batch_url, content=trickle(n), headers=headers)
            for n in range(UPLOADS)
        ]
        results = await asyncio.gather(*uploads)
    # then no connection was held while the bodies streamed, and every upload was stored
    assert held_while_streaming and max(held_while_streaming) == 0, held_while_streaming
    for response in results:
        assert response.status_code == 200, response.text
        assert [r["status"] for r in response.json()["results"]] == ["created"]
