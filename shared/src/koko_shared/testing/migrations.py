"""A fresh, migrated database whose migrations a test takes down and up again, reading it in
between (the migration tests of each service)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL

from koko_shared.database.migrate import alembic_config
from koko_shared.database.url import asyncpg_dsn
from koko_shared.testing.database import fresh_database


@dataclass(frozen=True)
class MigratedDatabase:
    url: URL
    migrations_dir: Path

    async def downgrade(self, revision: str) -> None:
        await asyncio.to_thread(command.downgrade, self._config(), revision)

    async def upgrade(self, revision: str = "head") -> None:
        await asyncio.to_thread(command.upgrade, self._config(), revision)

    async def values(self, *queries: str) -> tuple[Any, ...]:
        """The first value of each query's first row, on a new connection (a new session: what
        a database setting gives new sessions is what it shows)."""
        connection = await asyncpg.connect(**asyncpg_dsn(self.url))  # type: ignore[arg-type]
        try:
            return tuple([await connection.fetchval(query) for query in queries])
        finally:
            await connection.close()

    async def down_and_up(self, revision: str, *queries: str) -> list[tuple[Any, ...]]:
        """The queries' values at head, after going down to `revision`, and at head again."""
        at_head = await self.values(*queries)
        await self.downgrade(revision)
        down = await self.values(*queries)
        await self.upgrade()
        return [at_head, down, await self.values(*queries)]

    def _config(self) -> Config:
        return alembic_config(self.migrations_dir, self.url)


@asynccontextmanager
async def migrated_database(service: str, migrations_dir: Path) -> AsyncIterator[MigratedDatabase]:
    async with fresh_database(service, migrations_dir) as url:
        yield MigratedDatabase(url, migrations_dir)
