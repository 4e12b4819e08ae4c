"""The offers subgraph called directly is rate limited like the gateway (issue 17): requests
without the gateway's identity are refused and count against the caller's address, as refused
credentials and identities do; requests carrying the gateway's identity were counted at the
gateway; with the development setting that lets tokens in directly, GraphQL and REST count toward
one budget per client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import PUBLIC
from koko_shared.auth.identity import IDENTITY_HEADER
from koko_shared.auth.identity_keys import identity_signer

QUERY = {"query": "{ __typename }"}


@pytest.fixture(params=[False], ids=["gateway only"])
async def limited(
    request: pytest.FixtureRequest,
    settings: OffersSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    database_url: URL,
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    direct = {"development_direct_access": request.param}
    app = create_app(settings.model_copy(update={"rate_limit_per_minute": 4, **direct}))
    app.state.sessionmaker, app.state.engine, app.state.database_url = (
        sessionmaker,
        engine,
        database_url,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://offers.test") as client:
        yield client, app


@pytest.mark.parametrize("limited", [True], ids=["development direct access"], indirect=True)
async def test_graphql_and_rest_called_directly_share_one_budget(
    limited: tuple[httpx.AsyncClient, FastAPI],
) -> None:
    client, _ = limited
    # when: four requests, GraphQL and REST, then a fifth of each
    allowed = [
        (await client.post("/graphql", json=QUERY)).status_code,
        (await client.get("/hsds/services")).status_code,
        (await client.post("/graphql", json=QUERY)).status_code,
        (await client.get("/hsds/services")).status_code,
    ]
    graphql = await client.post("/graphql", json=QUERY)
    rest = await client.get("/hsds/services")
    # then
    assert allowed == [200, 200, 200, 200]
    for refused in (graphql, rest):
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.headers["content-type"] == "application/problem+json"
        body = refused.json()
        assert body["type"].endswith("RATE_LIMITED")
        assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    # health stays reachable
    assert (await client.get("/healthz")).status_code == 200


async def test_requests_with_the_gateway_identity_pass_the_subgraph_limit(
    limited: tuple[httpx.AsyncClient, FastAPI], settings: OffersSettings
) -> None:
    client, _ = limited
    signed = {IDENTITY_HEADER: identity_signer(settings).sign(PUBLIC, "offers")}
    # when: more requests than the budget, each with the gateway's identity
    statuses = [(await client.post("/graphql", json=QUERY, headers=signed)).status_code]
    statuses += [(await client.get("/hsds/services", headers=signed)).status_code for _ in range(6)]
    # then
    assert statuses == [200] * 7


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {IDENTITY_HEADER: "forged.identity.value"},
        {"Authorization": "Bearer koko_guessed"},
        {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"},
    ],
    ids=["no identity", "forged identity", "guessed API key", "a bearer token"],
)
async def test_refused_identities_and_credentials_count_against_the_address(
    limited: tuple[httpx.AsyncClient, FastAPI], headers: dict[str, str]
) -> None:
    client, _ = limited
    # when: a caller keeps sending what the service refuses
    statuses = [
        (await client.post("/graphql", json=QUERY, headers=headers)).status_code for _ in range(6)
    ]
    # then: refused four times, then limited before anything is verified
    assert statuses == [401, 401, 401, 401, 429, 429]
