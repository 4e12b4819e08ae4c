"""At capacity a service sheds instead of queueing: when every pooled connection stays busy for the
pool timeout, REST answers 503 OVERLOADED with `Retry-After: 1` and GraphQL an OVERLOADED error,
within a fraction of a second, and the service stays ready (busy is not down). Real PostgreSQL
(a private cluster), the real app with its own pool."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.settings import Environment
from koko_shared.testing.gateway_edge import gateway_client
from koko_shared.testing.throwaway_server import ThrowawayServer

pytestmark = pytest.mark.slow

POOL_SIZE = 1  # and as many again in overflow: two connections in all
POOL_TIMEOUT = 0.3


@pytest.fixture
async def offers(
    server: ThrowawayServer, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    settings = OffersSettings(
        environment=Environment.TEST,
        data_dir=tmp_path,
        database_url=server.url("koko_offers").render_as_string(hide_password=False),
        database_pool_size=POOL_SIZE,
        database_pool_timeout_seconds=POOL_TIMEOUT,
        graphiql=False,
    )
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        gateway_client(app, "offers", "http://offers.test") as client,
    ):
        yield client, app.state.engine


async def test_a_busy_pool_is_shed_fast_and_the_service_stays_ready(
    offers: tuple[httpx.AsyncClient, object],
) -> None:
    client, engine = offers
    assert (await client.get("/hsds/services")).status_code == 200
    async with AsyncExitStack() as held:
        # given every connection of the pool is held by slow work
        for _ in range(2 * POOL_SIZE):
            await held.enter_async_context(engine.connect())  # type: ignore[attr-defined]
        # when a visitor asks over REST and over GraphQL
        started = time.monotonic()
        rest = await client.get("/hsds/services")
        rest_seconds = time.monotonic() - started
        graphql = await client.post(
            "/graphql", json={"query": "{ offers(first: 1) { totalCount } }"}
        )
        ready = await client.get("/readyz")
    # then both are refused at once with the code to retry, and the service is still ready
    assert rest.status_code == 503, rest.text
    assert rest.json()["type"].endswith("OVERLOADED")
    assert rest.headers["retry-after"] == "1"
    assert rest_seconds < POOL_TIMEOUT + 0.5
    codes = {e["extensions"]["code"] for e in graphql.json()["errors"]}
    assert codes == {"OVERLOADED"}, graphql.text
    assert ready.status_code == 200
    # and once the work is done the same requests are answered
    assert (await client.get("/hsds/services")).status_code == 200
