"""Database chores: provision a service's role and database as the server's admin, and migrate
a service's database ahead of a rollout (the Kubernetes migration Job)."""

from __future__ import annotations

import asyncio
import importlib
import secrets
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


def migrations_dir(service: str) -> Path:
    """The migrations of an installed service (each image holds its own service only)."""
    if service not in SERVICES:
        raise AdminError(f"unknown service {service!r}; one of: {', '.join(SERVICES)}")
    try:
        app = importlib.import_module(f"koko_{service}.app")
    except ModuleNotFoundError:
        raise AdminError(f"the {service} service is not installed here") from None
    folder: Path = app.SPEC.migrations_dir
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
