"""A throwaway, migrated database per test session on the embedded server or `DATABASE_URL`;
each test runs in a transaction that is rolled back at its end."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_shared.database.engine import RequestSession
from koko_shared.database.migrate import upgrade_head
from koko_shared.database.roles import (
    migration_extensions,
    provision_service_database,
    role_of_migrations,
    role_password,
)
from koko_shared.database.url import drop_database, server_url
from koko_shared.settings import default_data_dir


def data_dir_for_tests() -> Path:
    return Path(os.environ.get("KOKO_DATA_DIR") or default_data_dir())


@asynccontextmanager
async def fresh_database(service: str, migrations_dir: Path) -> AsyncIterator[URL]:
    """Create `koko_test_<service>_<random>` owned by the role of the service whose migrations
    these are (`services/offers/migrations` -> `koko_offers`), apply `alembic upgrade head` as
    that role, yield the role's URL and drop the database afterwards. Tests thus run with the
    rights a deployed service has, not as a superuser."""
    data_dir = data_dir_for_tests()
    server = server_url(data_dir)
    role = role_of_migrations(migrations_dir)
    url = await provision_service_database(
        server,
        role=role,
        password=role_password(data_dir, role),
        database=f"koko_test_{service}_{uuid.uuid4().hex[:10]}",
        extensions=migration_extensions(migrations_dir),
    )
    try:
        await upgrade_head(migrations_dir, url)
        yield url
    finally:
        await drop_database(server.set(database=url.database))


@asynccontextmanager
async def rollback_sessionmaker(
    engine: AsyncEngine,
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions bound to one connection whose outer transaction is rolled back at the end.
    Request code that commits only releases a savepoint, so tests stay isolated."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield async_sessionmaker(
                bind=connection,
                class_=RequestSession,
                expire_on_commit=False,
                autoflush=False,
                join_transaction_mode="create_savepoint",
            )
        finally:
            await transaction.rollback()
