"""Offers test fixtures: one migrated database per session, one rolled-back transaction per test,
the app over ASGI, and tokens for every role."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_offers.app import SPEC, create_app
from koko_offers.settings import OffersSettings
from koko_shared.settings import Environment
from koko_shared.testing.fixtures import AUDIENCE, ISSUER, service_fixtures
from koko_shared.testing.gateway_edge import gateway_client
from koko_shared.testing.identity import TestTokens

database_url, engine, sessionmaker, session, tokens = service_fixtures(SPEC)


@pytest.fixture(scope="session")
def settings(tokens: TestTokens, tmp_path_factory: pytest.TempPathFactory) -> OffersSettings:
    data_dir: Path = tmp_path_factory.mktemp("offers-data")
    return OffersSettings(
        environment=Environment.TEST,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwks_file=tokens.jwks_file,
        data_dir=data_dir,
    )


@pytest.fixture
def app(
    settings: OffersSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    database_url: URL,
) -> FastAPI:
    app = create_app(settings)
    app.state.sessionmaker = sessionmaker
    app.state.engine = engine
    app.state.database_url = database_url
    return app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The subgraph as the gateway calls it: each request carries the gateway's signed identity
    for the caller its token stands for (koko_shared.testing.gateway_edge)."""
    async with gateway_client(app, "offers", "http://offers.test") as client:
        yield client
