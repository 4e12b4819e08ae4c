"""Several replicas starting at once migrate the database once, without failing."""

import asyncio
import sys
import uuid
from pathlib import Path

import asyncpg

from koko_shared.database.url import asyncpg_dsn, drop_database, ensure_database, server_url
from koko_shared.testing.database import data_dir_for_tests

OFFERS_MIGRATIONS = Path(__file__).resolve().parents[2] / "services" / "offers" / "migrations"
# What a replica does on start (Alembic keeps global state, so replicas are processes).
REPLICA = (
    "import sys; from pathlib import Path; from sqlalchemy.engine import make_url; "
    "from koko_shared.database.migrate import upgrade_head_sync; "
    "upgrade_head_sync(Path(sys.argv[1]), make_url(sys.argv[2]))"
)


async def test_concurrent_upgrades_end_at_head_once() -> None:
    # given an empty database
    # (a name of its own: other checkouts may run this test on the same server at once)
    url = server_url(data_dir_for_tests()).set(
        database=f"koko_test_concurrent_migrations_{uuid.uuid4().hex[:10]}"
    )
    await ensure_database(url)
    try:
        # when three replicas migrate at the same time
        replicas = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                REPLICA,
                str(OFFERS_MIGRATIONS),
                url.render_as_string(hide_password=False),
                stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(3)
        ]
        results = await asyncio.wait_for(
            asyncio.gather(*(replica.communicate() for replica in replicas)), timeout=120
        )
        # then every replica succeeds and the schema is there once, at a single head
        for replica, (_, stderr) in zip(replicas, results, strict=True):
            assert replica.returncode == 0, stderr.decode()[-2000:]
        conn = await asyncpg.connect(**asyncpg_dsn(url))  # type: ignore[arg-type]
        try:
            versions = await conn.fetch("SELECT version_num FROM alembic_version")
            offers = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE tablename = 'offer'")
        finally:
            await conn.close()
        assert len(versions) == 1
        assert offers == 1
    finally:
        await drop_database(url)
