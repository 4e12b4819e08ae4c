"""With PostgreSQL down a service says so (503, SERVICE_UNAVAILABLE) and recovers by itself.

Runs on a private cluster that the test stops and starts (never the shared server).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.settings import Environment
from koko_shared.testing.throwaway_server import ThrowawayServer

pytestmark = pytest.mark.slow

GRAPHQL_QUERY = {"query": "{ offers(first: 1) { totalCount } }"}


@pytest.fixture
async def server() -> AsyncIterator[ThrowawayServer]:
    server = await asyncio.to_thread(ThrowawayServer)
    await asyncio.to_thread(server.start)
    yield server
    await asyncio.to_thread(server.remove)


@pytest.fixture
async def offers(server: ThrowawayServer, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = OffersSettings(
        environment=Environment.TEST,
        data_dir=tmp_path,
        database_url=server.url("koko_offers").render_as_string(hide_password=False),
        graphiql=False,
    )
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://offers.test"
        ) as client,
    ):
        yield client


async def wait_ready(client: httpx.AsyncClient, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if (await client.get("/readyz")).status_code == 200:
            return time.monotonic() - started
        await asyncio.sleep(0.2)
    raise AssertionError(f"/readyz not back to 200 within {seconds} s")


async def test_database_down_gives_503_and_recovers_without_restart(
    server: ThrowawayServer, offers: httpx.AsyncClient
) -> None:
    # given a healthy service
    assert (await offers.get("/readyz")).status_code == 200
    assert (await offers.get("/hsds/services")).status_code == 200
    healthy = (await offers.post("/graphql", json=GRAPHQL_QUERY)).json()
    assert "errors" not in healthy, healthy

    # when PostgreSQL stops
    await asyncio.to_thread(server.stop)

    # then readiness fails, REST answers 503 problem+json with Retry-After ...
    assert (await offers.get("/readyz")).status_code == 503
    assert (await offers.get("/healthz")).status_code == 200  # the process itself is alive
    for path in ("/hsds/services", "/feeds/course-starts.ics?region=150030000000"):
        response = await offers.get(path)
        assert response.status_code == 503, (path, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == "5"
        assert response.json()["type"].endswith("SERVICE_UNAVAILABLE")
    # ... and GraphQL errors carry the code instead of a bare "Unexpected error."
    body = (await offers.post("/graphql", json=GRAPHQL_QUERY)).json()
    assert body["errors"], body
    assert {error["extensions"]["code"] for error in body["errors"]} == {"SERVICE_UNAVAILABLE"}

    # when PostgreSQL is back, the service is ready again by itself
    await asyncio.to_thread(server.start)
    await wait_ready(offers, seconds=15)
    assert (await offers.get("/hsds/services")).status_code == 200
    recovered = (await offers.post("/graphql", json=GRAPHQL_QUERY)).json()
    assert "errors" not in recovered, recovered
