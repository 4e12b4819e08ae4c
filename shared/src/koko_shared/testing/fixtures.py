"""The pytest fixtures every service's tests start from: a migrated database per session, a
rolled-back transaction per test, and tokens for any role. A service's conftest binds them:

    database_url, engine, sessionmaker, session, tokens = service_fixtures(SPEC)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_shared.database.engine import create_engine
from koko_shared.service import ServiceSpec
from koko_shared.testing.database import fresh_database, rollback_sessionmaker
from koko_shared.testing.identity import TestTokens

ISSUER = "https://idp.test/koko"
AUDIENCE = "koko"


def service_fixtures(spec: ServiceSpec, *, pool_size: int = 5) -> tuple[Any, ...]:
    @pytest.fixture(scope="session")
    async def database_url() -> AsyncIterator[URL]:
        async with fresh_database(spec.name, spec.migrations_dir) as url:
            yield url

    @pytest.fixture(scope="session")
    async def engine(database_url: URL) -> AsyncIterator[AsyncEngine]:
        engine = create_engine(database_url, pool_size=pool_size)
        yield engine
        await engine.dispose()

    @pytest.fixture
    async def sessionmaker(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
        async with rollback_sessionmaker(engine) as maker:
            yield maker

    @pytest.fixture
    async def session(
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> AsyncIterator[AsyncSession]:
        async with sessionmaker() as session:
            yield session

    @pytest.fixture(scope="session")
    def tokens(tmp_path_factory: pytest.TempPathFactory) -> TestTokens:
        return TestTokens(tmp_path_factory.mktemp("idp"), issuer=ISSUER, audience=AUDIENCE)

    return database_url, engine, sessionmaker, session, tokens
