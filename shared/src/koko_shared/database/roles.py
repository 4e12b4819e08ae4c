"""One PostgreSQL role per service that owns only that service's database(s).

Each service connects as `koko_<service>`: not a superuser, cannot create databases or roles, and
owns its database, so it can migrate it but cannot even connect to another service's database
(CONNECT is revoked from PUBLIC). `provision_service_database` runs as the server's admin
(`make run`, tests, `koko-admin database provision`); in production a DBA may do the same by hand
(docs/operations.md) and give each service its own `<PREFIX>_DATABASE_URL`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL

from koko_shared.database.url import asyncpg_dsn

# Advisory lock key serialising role and database creation across processes on one server.
PROVISION_LOCK = 7_260_514
ROLE_PASSWORDS_FILE = "database-roles.json"

# Hands every object of a database's `public` schema (left by an earlier superuser-owned setup)
# to the new owner; objects that belong to an extension stay with the extension.
_ADOPT_OBJECTS = """
DO $adopt$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.oid, c.relkind, format('%I.%I', n.nspname, c.relname) AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
    LOOP
        IF item.relkind = 'S' THEN
            EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', item.name, $role$);
        ELSIF item.relkind IN ('v', 'm') THEN
            EXECUTE format('ALTER %s %s OWNER TO %I',
                CASE item.relkind WHEN 'v' THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END,
                item.name, $role$);
        ELSE
            EXECUTE format('ALTER TABLE %s OWNER TO %I', item.name, $role$);
        END IF;
    END LOOP;
    FOR item IN
        SELECT t.oid, t.typtype, format('%I.%I', n.nspname, t.typname) AS name
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                          AND d.objid = t.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I',
            CASE WHEN item.typtype = 'd' THEN 'DOMAIN' ELSE 'TYPE' END, item.name, $role$);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure::text AS name
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', item.name, $role$);
    END LOOP;
END
$adopt$
"""


_CREATE_EXTENSION = re.compile(r"CREATE EXTENSION IF NOT EXISTS\s+\"?(\w+)", re.IGNORECASE)


def migration_extensions(migrations_dir: Path) -> tuple[str, ...]:
    """The extensions a service's migrations create. Some (earthdistance) only a superuser may
    create, so provisioning creates them all first and the migrations find them present."""
    found: dict[str, None] = {}
    for path in sorted((migrations_dir / "versions").glob("*.py")):
        for name in _CREATE_EXTENSION.findall(path.read_text()):
            found[name] = None
    return tuple(found)


def service_role(service: str) -> str:
    """`offers` -> `koko_offers`; also the name of the service's database."""
    return f"koko_{service}"


def role_of_migrations(migrations_dir: Path) -> str:
    """`services/offers/migrations` -> `koko_offers`."""
    return service_role(migrations_dir.resolve().parent.name)


def role_password(data_dir: Path, role: str) -> str:
    """The password of `role` kept in the data folder (created on first use, mode 0600)."""
    path = data_dir / ROLE_PASSWORDS_FILE
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    if role not in stored:
        stored[role] = secrets.token_urlsafe(24)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(stored, indent=2))
        temporary.chmod(0o600)
        temporary.replace(path)
    return stored[role]


def as_role(server: URL, *, role: str, password: str, database: str) -> URL:
    """The URL of `database` on the server of `server`, connecting as `role`."""
    return server.set(username=role, password=password, database=database)


async def provision_service_database(
    server: URL,
    *,
    role: str,
    password: str,
    database: str,
    extensions: tuple[str, ...] = (),
) -> URL:
    """As the admin of `server`: create (or update) `role`, create `database` owned by it, close
    it to everyone else and install the extensions only a superuser may create. Idempotent and
    safe to run from several processes at once. Returns the URL the service connects with."""
    admin = await asyncpg.connect(**asyncpg_dsn(server.set(database="postgres")))  # type: ignore[arg-type]
    try:
        await admin.execute("SELECT pg_advisory_lock($1)", PROVISION_LOCK)
        try:
            exists = await admin.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
            verb = "ALTER" if exists else "CREATE"
            statement = await admin.fetchval(
                "SELECT format('%s ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                "NOREPLICATION NOBYPASSRLS PASSWORD %L', $1::text, $2::text, $3::text)",
                verb,
                role,
                password,
            )
            await admin.execute(statement)
            owner = await admin.fetchval(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", database
            )
            if owner is None:
                await admin.execute(f'CREATE DATABASE "{database}" OWNER "{role}"')
            await admin.execute(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC')
        finally:
            await admin.execute("SELECT pg_advisory_unlock($1)", PROVISION_LOCK)
    finally:
        await admin.close()
    if owner not in (None, role):
        await _adopt(server.set(database=database), role)
    if extensions:
        conn = await asyncpg.connect(**asyncpg_dsn(server.set(database=database)))  # type: ignore[arg-type]
        try:
            for extension in extensions:
                await conn.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}" CASCADE')
        finally:
            await conn.close()
    return as_role(server, role=role, password=password, database=database)


async def _adopt(database: URL, role: str) -> None:
    """A database made before roles existed: hand it and everything in it to `role`."""
    conn = await asyncpg.connect(**asyncpg_dsn(database))  # type: ignore[arg-type]
    try:
        async with conn.transaction():
            await conn.execute(f'ALTER DATABASE "{database.database}" OWNER TO "{role}"')
            await conn.execute(_ADOPT_OBJECTS.replace("$role$", _literal(role)))
    finally:
        await conn.close()


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
