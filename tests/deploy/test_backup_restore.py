"""The restore runbook of docs/operations.md, run for real: back up both services' databases with
demo data, drop them, provision them again, restore, and every row of every table is back."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import URL

from koko_offers.app import SPEC as OFFERS_SPEC
from koko_offers.demo import load_demo as load_offers_demo
from koko_shared.admin.cli import main
from koko_shared.admin.databases import backup
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.roles import migration_extensions, provision_service_database
from koko_shared.database.url import asyncpg_dsn, drop_database, server_url
from koko_shared.testing.database import data_dir_for_tests, fresh_database
from koko_surveys.app import SPEC as SURVEYS_SPEC
from koko_surveys.demo import load_demo as load_surveys_demo

pytestmark = pytest.mark.slow

PSEUDONYM_KEYS = '{"1": "' + "b4" * 32 + '"}'


async def fingerprint(url: URL) -> dict[str, tuple[int, str]]:
    """Per table of the database: row count and a hash over all rows in a stable order."""
    conn = await asyncpg.connect(**asyncpg_dsn(url))  # type: ignore[arg-type]
    try:
        tables = [
            row["tablename"]
            for row in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        result = {}
        for table in tables:
            row = await conn.fetchrow(
                "SELECT count(*) AS n,"
                " md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest"
                f' FROM "{table}" t'
            )
            result[table] = (row["n"], row["digest"])
        return result
    finally:
        await conn.close()


async def _load(url: URL, loader: object) -> None:
    engine = create_engine(url, pool_size=2)
    try:
        await loader(create_sessionmaker(engine))  # type: ignore[operator]
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("service", "migrations", "loader"),
    [
        ("offers", OFFERS_SPEC.migrations_dir, load_offers_demo),
        ("surveys", SURVEYS_SPEC.migrations_dir, load_surveys_demo),
    ],
)
async def test_dump_drop_restore_brings_back_every_row(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    service: str,
    migrations: Path,
    loader: object,
) -> None:
    monkeypatch.setenv("SURVEYS_PSEUDONYM_KEYS", PSEUDONYM_KEYS)
    async with fresh_database(f"backup_{service}", migrations) as url:
        # given the service's database with the demo data
        await _load(url, loader)
        before = await fingerprint(url)
        assert sum(count for count, _ in before.values()) > 50
        text_url = url.render_as_string(hide_password=False)

        # when it is backed up (the CronJob's command) ...
        args = ["--service", service, "--database-url", text_url]
        capsys.readouterr()  # what loading the demo logged is not the command's output
        assert main(["database", "backup", *args, "--to", str(tmp_path)]) == 0
        dump = capsys.readouterr().out.strip()
        assert dump.startswith(f"{tmp_path}/{service}-") and dump.endswith(".dump")
        assert os.path.getsize(dump) > 10_000  # noqa: ASYNC240
        assert os.stat(dump).st_mode & 0o777 == 0o600

        # and a restore over the living database, or under the other service's name, is refused
        # with what to do instead
        capsys.readouterr()
        assert main(["database", "restore", *args, "--dump", dump]) == 2
        refusal = capsys.readouterr().err
        assert "DROP DATABASE" in refusal and f"provision --service {service}" in refusal
        other = "surveys" if service == "offers" else "offers"
        wrong = ["--service", other, "--database-url", text_url, "--dump", dump]
        assert main(["database", "restore", *wrong]) == 2
        assert f"a dump of the {service} service, not of {other}" in capsys.readouterr().err
        assert await fingerprint(url) == before  # nothing touched

        # ... lost, provisioned again as the runbook says and restored
        server = server_url(data_dir_for_tests())
        await drop_database(server.set(database=url.database))
        await provision_service_database(
            server,
            role=url.username or "",
            password=str(url.password or ""),
            database=url.database or "",
            extensions=migration_extensions(migrations),
        )
        assert await fingerprint(url) == {}
        assert main(["database", "restore", *args, "--dump", dump]) == 0

        # then every table has all its rows, identical, owned by the service's role, and the
        # database's settings its migrations made are back (offers: every statement planned
        # with its values, migration 0020)
        assert await fingerprint(url) == before
        conn = await asyncpg.connect(**asyncpg_dsn(url))  # type: ignore[arg-type]
        try:
            owners = await conn.fetch(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            )
            plans = await conn.fetchval("SHOW plan_cache_mode")
        finally:
            await conn.close()
        assert [row["tableowner"] for row in owners] == [url.username]
        assert plans == ("force_custom_plan" if service == "offers" else "auto")


def test_restore_refuses_a_file_that_is_not_a_dump(tmp_path: Path) -> None:
    bogus = tmp_path / "offers.dump"
    bogus.write_text("not a dump")
    code = main(
        ["database", "restore", "--service", "offers", "--dump", str(bogus),
         "--database-url", os.environ.get("DATABASE_URL", "postgresql://nobody@/x")]
    )  # fmt: skip
    assert code == 2


async def test_a_backup_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    # given: a process whose umask would make files world-readable (the usual 022)
    previous = os.umask(0o022)
    try:
        async with fresh_database("backup_mode", OFFERS_SPEC.migrations_dir) as url:
            # when
            dump = await asyncio.to_thread(
                backup, "offers", url.render_as_string(hide_password=False), tmp_path / "b"
            )
    finally:
        os.umask(previous)
    # then: the dump and its folder are its owner's alone
    assert dump.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "b").stat().st_mode & 0o777 == 0o700
