"""Apply a service's Alembic migrations programmatically (on start and in tests)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL


def alembic_config(migrations_dir: Path, url: URL) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option(
        "sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


def upgrade_head_sync(migrations_dir: Path, url: URL) -> None:
    command.upgrade(alembic_config(migrations_dir, url), "head")


async def upgrade_head(migrations_dir: Path, url: URL) -> None:
    """Run `alembic upgrade head` in a worker thread (Alembic's env runs its own event loop)."""
    await asyncio.to_thread(upgrade_head_sync, migrations_dir, url)


async def current_matches_head(engine_url: URL, migrations_dir: Path) -> bool:
    """True when the database is at the newest revision (used by /readyz)."""
    import asyncpg
    from alembic.script import ScriptDirectory

    from koko_shared.database.url import asyncpg_dsn

    script = ScriptDirectory.from_config(alembic_config(migrations_dir, engine_url))
    heads = set(script.get_heads())
    conn = await asyncpg.connect(**asyncpg_dsn(engine_url))  # type: ignore[arg-type]
    try:
        rows = await conn.fetch("SELECT version_num FROM alembic_version")
    except asyncpg.UndefinedTableError:
        return False
    finally:
        await conn.close()
    return {row["version_num"] for row in rows} == heads
