"""With PostgreSQL down a service says so (503, SERVICE_UNAVAILABLE) and recovers by itself.

Runs on a private cluster that the test stops and starts (never the shared server).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Role
from koko_shared.settings import Environment
from koko_shared.testing.gateway_edge import gateway_client
from koko_shared.testing.identity import TestTokens
from koko_shared.testing.throwaway_server import ThrowawayServer
from koko_shared.testing.waiting import wait_until_async
from koko_surveys.app import create_app as create_surveys_app
from koko_surveys.settings import SurveysSettings

pytestmark = pytest.mark.slow

GRAPHQL_QUERY = {"query": "{ offers(first: 1) { totalCount } }"}


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
        gateway_client(app, "offers", "http://offers.test") as client,
    ):
        yield client


async def wait_ready(client: httpx.AsyncClient, seconds: float) -> None:
    """/readyz answers 200 again (PostgreSQL, another process, is back)."""

    async def ready() -> bool:
        return (await client.get("/readyz")).status_code == 200

    await wait_until_async(ready, seconds=seconds, what="/readyz back to 200", interval=0.2)


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


async def test_surveys_rest_is_503_while_its_database_is_down(
    server: ThrowawayServer, tmp_path: Path
) -> None:
    # given the surveys service and an analyst signed in
    tokens = TestTokens(tmp_path / "idp", issuer="https://idp.test", audience="koko")
    settings = SurveysSettings(
        environment=Environment.TEST,
        data_dir=tmp_path,
        database_url=server.url("koko_surveys").render_as_string(hide_password=False),
        jwt_issuer="https://idp.test",
        jwt_audience="koko",
        jwks_file=tokens.jwks_file,
        pseudonym_keys='{"1": "' + "ab" * 32 + '"}',
    )
    app = create_surveys_app(settings)
    path = f"/v1/studies/{uuid.uuid4()}/submissions"
    headers = tokens.for_role(Role.ANALYST, "150030000000")
    async with (
        app.router.lifespan_context(app),
        gateway_client(app, "surveys", "http://surveys.test") as client,
    ):
        assert (await client.get(path, headers=headers)).status_code == 404  # no such study
        # when PostgreSQL stops
        await asyncio.to_thread(server.stop)
        # then the same request is a 503 to retry, not a 500 (and not a 404)
        response = await client.get(path, headers=headers)
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "5"
        assert response.json()["type"].endswith("SERVICE_UNAVAILABLE")
        # and once it is back, the service answers as before without a restart
        await asyncio.to_thread(server.start)
        await wait_ready(client, seconds=15)
        assert (await client.get(path, headers=headers)).status_code == 404
