"""Each service connects as its own role, which owns its database and cannot reach the other's."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg
import pytest

from koko_shared.database.migrate import upgrade_head
from koko_shared.database.roles import (
    migration_extensions,
    provision_service_database,
    role_password,
)
from koko_shared.database.url import asyncpg_dsn, drop_database, ensure_database, server_url
from koko_shared.testing.database import data_dir_for_tests, fresh_database

SERVICES = Path(__file__).resolve().parents[2] / "services"
OFFERS_MIGRATIONS = SERVICES / "offers" / "migrations"
SURVEYS_MIGRATIONS = SERVICES / "surveys" / "migrations"


async def test_offers_and_surveys_roles_cannot_read_each_others_database() -> None:
    # given both services' databases, each migrated by its own role
    async with (
        fresh_database("roles_offers", OFFERS_MIGRATIONS) as offers,
        fresh_database("roles_surveys", SURVEYS_MIGRATIONS) as surveys,
    ):
        # then each role owns its database and its tables, and is no superuser
        for url, table in ((offers, "offer"), (surveys, "study")):
            conn = await asyncpg.connect(**asyncpg_dsn(url))  # type: ignore[arg-type]
            try:
                assert await conn.fetchval("SELECT current_user") == url.username
                assert (
                    await conn.fetchval(
                        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1",
                        url.database,
                    )
                    == url.username
                )
                assert (
                    await conn.fetchval(
                        "SELECT tableowner FROM pg_tables WHERE tablename = $1", table
                    )
                    == url.username
                )
                assert not await conn.fetchval(
                    "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles "
                    "WHERE rolname = current_user"
                )
                await conn.fetchval(f"SELECT count(*) FROM {table}")
            finally:
                await conn.close()

        # when each role tries the other's database, then the server refuses the connection
        assert offers.username == "koko_offers"
        assert surveys.username == "koko_surveys"
        for intruder, target in ((offers, surveys), (surveys, offers)):
            crossing = target.set(username=intruder.username, password=intruder.password)
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
                await asyncpg.connect(**asyncpg_dsn(crossing))  # type: ignore[arg-type]


async def test_a_database_made_by_the_superuser_is_handed_to_the_service_role() -> None:
    # given a database created and migrated by the admin, as before services had their own role
    data_dir = data_dir_for_tests()
    server = server_url(data_dir)
    legacy = server.set(database=f"koko_test_legacy_{uuid.uuid4().hex[:10]}")
    await ensure_database(legacy)
    try:
        await upgrade_head(OFFERS_MIGRATIONS, legacy)
        # when it is provisioned for the offers role
        url = await provision_service_database(
            server,
            role="koko_offers",
            password=role_password(data_dir, "koko_offers"),
            database=legacy.database or "",
            extensions=migration_extensions(OFFERS_MIGRATIONS),
        )
        # then the role owns the tables, writes to them and can migrate further
        conn = await asyncpg.connect(**asyncpg_dsn(url))  # type: ignore[arg-type]
        try:
            owners = await conn.fetch(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            )
            assert [row["tableowner"] for row in owners] == ["koko_offers"]
            await conn.execute("CREATE INDEX ix_probe ON offer (created_at)")
        finally:
            await conn.close()
        await upgrade_head(OFFERS_MIGRATIONS, url)
    finally:
        await drop_database(legacy)
