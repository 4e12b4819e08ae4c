"""What every Koko service does on start: database, migrations, engine, auth, telemetry, errors."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError

from koko_shared.auth.identity import IdentityInvalid
from koko_shared.auth.identity_keys import identity_verifier
from koko_shared.auth.tokens import TokenVerifier
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.migrate import current_matches_head, upgrade_head
from koko_shared.database.roles import (
    as_role,
    migration_extensions,
    provision_service_database,
    role_password,
    service_role,
)
from koko_shared.database.url import ensure_database, server_url, with_asyncpg
from koko_shared.errors import install_problem_handlers, problem
from koko_shared.graphql.limits import Limits
from koko_shared.http.admission import AdmissionGuard, limiter_from_settings
from koko_shared.http.admission_metrics import register_admission_metrics
from koko_shared.http.body_guard import BodyLimits, install_body_guard
from koko_shared.http.gateway_guard import GatewayOnlyGuard
from koko_shared.http.instance import InstanceHeader
from koko_shared.http.media_type_guard import MediaTypeGuard
from koko_shared.http.nul_guard import NulGuard
from koko_shared.http.rate_limit_guard import RateLimitGuard
from koko_shared.rate_limit import RateLimiter
from koko_shared.secrets import InsecureConfiguration
from koko_shared.settings import Environment, ServiceSettings
from koko_shared.telemetry import install_telemetry, logger


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    name: str  # "offers", also the database name suffix: koko_offers
    migrations_dir: Path


def token_verifier(settings: ServiceSettings) -> TokenVerifier:
    jwks_file = settings.jwks_file
    if jwks_file is None and settings.environment != Environment.PRODUCTION:
        jwks_file = settings.data_dir / "dev-idp" / "jwks.json"
    api_keys_file = settings.api_keys_file
    if api_keys_file is None and settings.environment != Environment.PRODUCTION:
        api_keys_file = settings.data_dir / "dev-idp" / "api-keys.json"
    return TokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        jwks_url=settings.jwks_url,
        jwks_file=jwks_file,
        api_keys_file=api_keys_file,
        jwks_min_refresh_seconds=settings.jwks_min_refresh_seconds,
    )


def refuse_embedded_database_in_production(settings: ServiceSettings) -> None:
    """Production needs a database URL: without one a service would start its own embedded
    PostgreSQL, whose local connections are trusted without a password."""
    if not settings.is_production or settings.database_url:
        return
    if os.environ.get("KOKO_DATABASE_URL") or os.environ.get("DATABASE_URL"):
        return
    prefix = str(settings.model_config.get("env_prefix", ""))
    raise InsecureConfiguration(
        f"{prefix}DATABASE_URL is not set: production does not start an embedded PostgreSQL "
        "(it trusts local connections without a password); set it to the service's own "
        "database (koko-admin database provision)"
    )


def database_url(spec: ServiceSpec, settings: ServiceSettings) -> URL:
    """The service's own database and role. An explicit URL (production: a role and database
    made by the DBA or `koko-admin database provision`) wins; otherwise the role `koko_<name>`
    on the shared server (`DATABASE_URL` or the embedded one), its password from the data
    folder."""
    refuse_embedded_database_in_production(settings)
    if settings.database_url:
        return with_asyncpg(make_url(settings.database_url))
    role = service_role(spec.name)
    password = role_password(settings.data_dir, role)
    return as_role(server_url(settings.data_dir), role=role, password=password, database=role)


async def provision_database(spec: ServiceSpec, settings: ServiceSettings) -> URL:
    """Make sure the service's database exists: with an explicit URL only the database itself
    (its role must be allowed to); otherwise, as the server's admin, the role, the database it
    owns and the extensions its migrations need."""
    url = database_url(spec, settings)
    if settings.database_url:
        await ensure_database(url)
        return url
    return await provision_service_database(
        server_url(settings.data_dir),
        role=url.username or service_role(spec.name),
        password=url.password or "",
        database=url.database or service_role(spec.name),
        extensions=migration_extensions(spec.migrations_dir),
    )


def configure_service_app(
    app: FastAPI,
    spec: ServiceSpec,
    settings: ServiceSettings,
    *,
    body_limits_for_path: Callable[[str], BodyLimits | None] | None = None,
) -> None:
    """Attach settings, auth, error handlers, the request-body, NUL and rate limit guards and
    telemetry. The database is opened by `database_lifespan` (or, in tests, by a fixture that sets
    `app.state.sessionmaker`). `body_limits_for_path` gives larger limits to bulk endpoints."""
    refuse_embedded_database_in_production(settings)
    app.state.settings = settings
    app.state.token_verifier = token_verifier(settings)
    # Built now so that a service without valid identity keys refuses to start.
    app.state.identity_verifier = identity_verifier(settings, audience=spec.name)
    app.state.operation_limits = Limits.from_settings(settings)
    install_problem_handlers(app)
    app.add_exception_handler(IdentityInvalid, _identity_invalid(spec.name))  # type: ignore[arg-type]
    install_body_guard(app, settings, body_limits_for_path)
    app.add_middleware(NulGuard)
    app.add_middleware(MediaTypeGuard)
    if not settings.development_direct_access:
        # Before the body is read: a request the gateway did not sign is answered 401 at once.
        app.add_middleware(
            GatewayOnlyGuard,  # type: ignore[arg-type]
            verifier=app.state.identity_verifier,
            service=spec.name,
        )
    # Outside the body guard: a client over its limit is answered before its body is read.
    app.state.rate_limiter = RateLimiter(
        settings.rate_limit_per_minute, redis_url=settings.rate_limit_redis_url
    )
    app.add_middleware(RateLimitGuard, limiter=app.state.rate_limiter)  # type: ignore[arg-type]

    async def readiness() -> bool:
        url: URL | None = getattr(app.state, "database_url", None)
        if url is None:
            return False
        try:
            async with app.state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except SQLAlchemyTimeoutError:
            # Every connection busy: the service is at capacity and sheds the excess itself
            # (503 OVERLOADED); taking it out of rotation would only load the others more.
            return True
        return await current_matches_head(url, spec.migrations_dir)

    app.state.metrics = install_telemetry(
        app, service=spec.name, readiness=readiness, json_logs=settings.log_json
    )
    # Outermost: no more requests at once than the pool has connections (pool size + overflow),
    # and a refusal costs no telemetry, rate-limit or identity check (its count is in the
    # metrics all the same). The bulk uploads are exempt: they hold no connection while their
    # body arrives.
    app.state.admission = limiter_from_settings(settings, 2 * settings.database_pool_size)
    app.add_middleware(
        AdmissionGuard,  # type: ignore[arg-type]
        limiter=app.state.admission,
        exempt=lambda path: (
            body_limits_for_path is not None and body_limits_for_path(path) is not None
        ),
    )
    register_admission_metrics(app.state.metrics.registry, app.state.admission, spec.name)
    # Outermost of all, so refusals carry it too: which process answered, for the gateway's
    # choice of connection (koko_shared.http.instance).
    app.add_middleware(InstanceHeader)


def _identity_invalid(service: str) -> Any:
    async def handle(request: Request, exc: IdentityInvalid) -> Response:
        logger.warning(
            "identity from the gateway refused: check that this service's "
            "IDENTITY_PUBLIC_KEYS hold the gateway's public key",
            service=service,
            reason=exc.message,
            path=request.url.path,
        )
        # Readable as a problem (REST) and as a GraphQL response (the gateway's fetch).
        return problem(
            401, exc.code, "The gateway identity does not verify", exc.message, graphql=True
        )

    return handle


def freeze_startup_objects() -> None:
    """Move everything allocated until the service is ready (modules, the GraphQL schema, the
    ORM mappers) out of the garbage collector's sight. Otherwise every full collection walks
    them all again: pauses of 100+ ms in a request now and then (p95 of a 100-offer page 163
    instead of 51 ms, measured)."""
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def database_lifespan(
    app: FastAPI, spec: ServiceSpec, settings: ServiceSettings, *, migrate: bool = True
) -> AsyncIterator[None]:
    """Open the service's own database (creating and migrating it when asked) for the app's life.
    If a test already put a sessionmaker on the app, leave it alone."""
    if getattr(app.state, "sessionmaker", None) is not None:
        yield
        return
    if migrate:
        url = await provision_database(spec, settings)
        await upgrade_head(spec.migrations_dir, url)
    else:
        url = database_url(spec, settings)
    engine = create_engine(
        url,
        pool_size=settings.database_pool_size,
        pool_timeout=settings.database_pool_timeout_seconds,
        compiled_cache_bytes=settings.database_compiled_cache_bytes,
    )
    app.state.database_url = url
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    read_engine = None
    if settings.database_read_url:
        read_engine = create_engine(
            with_asyncpg(make_url(settings.database_read_url)),
            pool_size=settings.database_pool_size,
            pool_timeout=settings.database_pool_timeout_seconds,
            read_only=True,
            compiled_cache_bytes=settings.database_compiled_cache_bytes,
        )
        app.state.read_sessionmaker = create_sessionmaker(read_engine)
    freeze_startup_objects()
    try:
        yield
    finally:
        await engine.dispose()
        if read_engine is not None:
            await read_engine.dispose()
