"""Resolve the database of a service: explicit URL, the shared server's URL, or embedded."""

from __future__ import annotations

import os
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url

from koko_shared.database.embedded import embedded_server_url


def server_url(data_dir: Path) -> URL:
    """The PostgreSQL server to use: `KOKO_DATABASE_URL` / `DATABASE_URL`, else the embedded one."""
    raw = os.environ.get("KOKO_DATABASE_URL") or os.environ.get("DATABASE_URL")
    url = make_url(raw) if raw else make_url(embedded_server_url(data_dir))
    return with_asyncpg(url)


def with_asyncpg(url: URL) -> URL:
    if url.drivername in ("postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"):
        return url.set(drivername="postgresql+asyncpg")
    return url


def asyncpg_dsn(url: URL) -> dict[str, object]:
    """Connection arguments for raw asyncpg (also works with unix-socket URLs)."""
    host = url.query.get("host") or url.host
    return {
        "user": url.username,
        "password": url.password or None,
        "host": host,
        "port": url.port,
        "database": url.database,
    }


async def ensure_database(url: URL) -> None:
    """Create the database of `url` on its server if it does not exist yet."""
    maintenance = url.set(database="postgres")
    conn = await asyncpg.connect(**asyncpg_dsn(maintenance))  # type: ignore[arg-type]
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", url.database)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{url.database}"')
    except asyncpg.DuplicateDatabaseError:
        pass  # created concurrently by another process
    finally:
        await conn.close()


async def drop_database(url: URL) -> None:
    maintenance = url.set(database="postgres")
    conn = await asyncpg.connect(**asyncpg_dsn(maintenance))  # type: ignore[arg-type]
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    finally:
        await conn.close()
