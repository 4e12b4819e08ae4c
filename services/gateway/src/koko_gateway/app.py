"""The gateway's HTTP app: /graphql (POST, GET, GraphiQL), health, metrics, CORS and protection."""

from __future__ import annotations

import inspect
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.middleware.cors import CORSMiddleware

from koko_gateway.gateway import Gateway
from koko_gateway.graphiql import ASSETS_PATH, CONTENT_SECURITY_POLICY, asset, graphiql_html
from koko_gateway.loading import load_supergraph_sdl
from koko_gateway.metrics import GatewayMetrics
from koko_gateway.planning.authorization import Caller
from koko_gateway.refusals import (
    cors_refusal_headers,
    graphql_response,
    overloaded_refusal,
    rate_limited,
    refusal,
    refuse_not_well_formed,
    render_overloaded,
    render_refusal,
)
from koko_gateway.response_cache import wants_fresh
from koko_gateway.rest_proxy import install_rest_proxy
from koko_gateway.security.apq import (
    NOT_FOUND_MESSAGE,
    PersistedQueryError,
    RedisQueryStore,
    check_hash,
    persisted_query_hash,
    query_store,
)
from koko_gateway.security.auth import authenticate
from koko_gateway.security.identity import bind_identity, reset_identity
from koko_gateway.security.persisted import PersistedOperations, operation_id
from koko_gateway.settings import GatewaySettings
from koko_shared.auth.actor import PUBLIC
from koko_shared.auth.identity_keys import identity_signer
from koko_shared.errors import ErrorCode, Unauthenticated, install_problem_handlers
from koko_shared.graphql.over_http import (
    ALLOW_POST,
    JSON,
    NotWellFormed,
    check_content_type,
    negotiate,
    not_acceptable,
    parse_body,
    parse_query_string,
    request_error_status,
)
from koko_shared.http.admission import AdmissionGuard, limiter_from_settings
from koko_shared.http.admission_metrics import register_admission_metrics
from koko_shared.http.body_guard import install_body_guard
from koko_shared.i18n import served_language
from koko_shared.rate_limit import RateLimiter, client_key
from koko_shared.service import token_verifier
from koko_shared.telemetry import install_telemetry, logger

_FORWARDED_HEADERS = ("accept-language",)


def cache_control(
    method: str, public: bool, status: int, body: dict[str, Any], settings: GatewaySettings
) -> str:
    """What HTTP caches may keep of a GraphQL answer: a complete answer to an anonymous GET
    (a query, the same for every visitor) briefly and shared, with a stale copy served while it
    is refreshed; an answer for credentials only in the caller's own cache; nothing of POSTs,
    errors or partial data."""
    if method != "GET" or status != 200 or body.get("errors"):
        return "no-store"
    if not public:
        return "private, no-cache"
    return (
        f"public, max-age={settings.public_cache_max_age_seconds}, "
        f"stale-while-revalidate={settings.public_cache_stale_seconds}"
    )


def shed(body: Mapping[str, Any]) -> bool:
    """True when a subgraph refused the work as OVERLOADED and nothing was answered: the client
    gets 503 with Retry-After, as if the gateway had refused it itself."""
    data = body.get("data")
    if isinstance(data, Mapping) and any(value is not None for value in data.values()):
        return False
    return any(
        isinstance(err, Mapping)
        and (err.get("extensions") or {}).get("code") == ErrorCode.OVERLOADED.value
        for err in body.get("errors") or ()
    )


def create_app(
    settings: GatewaySettings | None = None,
    *,
    supergraph_sdl: str | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """The gateway application; `clock` is the time its circuit breakers read (tests move it)."""
    settings = settings or GatewaySettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sdl = (
            supergraph_sdl
            if supergraph_sdl is not None
            else await load_supergraph_sdl(settings, signer)
        )
        app.state.gateway = Gateway(
            sdl, settings, transports=transports, metrics=gateway_metrics, clock=clock
        )
        logger.info(
            "supergraph loaded",
            subgraphs=[s.name for s in app.state.gateway.supergraph.subgraphs.values()],
        )
        try:
            yield
        finally:
            gateway: Gateway | None = app.state.gateway
            app.state.gateway = None
            if gateway is not None:
                await gateway.aclose()
            if isinstance(apq_store, RedisQueryStore):
                await apq_store.aclose()
            await limiter.aclose()

    options: dict[str, Any] = {}
    if "telemetry" in inspect.signature(FastAPI.__init__).parameters:
        # Keep FastAPI's request span (the parent of the subgraph fetch spans) but not its
        # dependency/endpoint/serialization spans: the gateway's endpoint has none worth a span,
        # and three spans per request cost more CPU than the rest of a one-fetch request.
        options["telemetry"] = {"operation_spans": False}
    app = FastAPI(
        title="Koko gateway",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        **options,
    )
    app.state.settings = settings
    # Paths the gateway does not serve (and other HTTP errors) answer as problem+json too.
    install_problem_handlers(app)
    app.state.gateway = None
    verifier = token_verifier(settings)
    app.state.token_verifier = verifier  # the REST proxy checks writes before forwarding
    # Built now: without a valid signing key outside development the gateway does not start.
    signer = identity_signer(settings)
    app.state.identity_signer = signer  # the REST proxy signs the caller for the subgraph too
    limiter = RateLimiter(settings.rate_limit_per_minute, redis_url=settings.rate_limit_redis_url)
    # The REST proxy counts refused credentials against the same buckets.
    app.state.rate_limiter = limiter
    persisted = (
        PersistedOperations.from_file(settings.persisted_operations_file)
        if settings.persisted_operations_file is not None
        else None
    )
    apq_store = query_store(settings)

    async def readiness() -> bool:
        return app.state.gateway is not None

    # Innermost middleware: bodies are limited and timed while they stream, before any parsing.
    install_body_guard(app, settings, render=render_refusal)
    # The subgraphs' public REST paths under this host (their own problem+json body limits).
    install_rest_proxy(app, settings, transports)

    app.state.metrics = install_telemetry(
        app, service="gateway", readiness=readiness, json_logs=settings.log_json
    )
    gateway_metrics = GatewayMetrics(app.state.metrics.registry)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["authorization", "content-type", "accept-language", "x-request-id"],
        expose_headers=["x-request-id", "retry-after"],
        max_age=600,
    )

    async def execute(
        request: Request, body: dict[str, Any], *, allow_mutations: bool, media_type: str
    ) -> Response:
        """Execute a well-formed request (`body` holds parameters of the right JSON types); the
        admission guard (the outermost layer) gave it its place."""
        gateway: Gateway | None = request.app.state.gateway
        if gateway is None:
            return refusal(
                request,
                503,
                "The supergraph is not loaded yet.",
                ErrorCode.SERVICE_UNAVAILABLE,
                None,
                media_type,
            )
        authorization = request.headers.get("authorization")
        address = request.client.host if request.client else "unknown"
        try:
            actor = await authenticate(authorization, verifier)
        except Unauthenticated as exc:
            # Failed attempts count against the caller's address, so guessing tokens or keys
            # is throttled like any other traffic from there.
            wait = await limiter.hit(client_key(PUBLIC, None, address))
            if wait > 0:
                return rate_limited(request, wait, media_type)
            return refusal(
                request,
                401,
                exc,
                ErrorCode.UNAUTHENTICATED,
                {"WWW-Authenticate": "Bearer"},
                media_type,
            )
        wait = await limiter.hit(client_key(actor, authorization, address))
        if wait > 0:
            return rate_limited(request, wait, media_type)
        query = body.get("query")
        try:
            apq_hash = persisted_query_hash(body)
            if apq_hash is not None and isinstance(query, str) and query:
                check_hash(apq_hash, query)
        except PersistedQueryError as exc:
            return refusal(request, 400, exc.message, exc.code, None, media_type)
        register = apq_hash is not None and bool(query) and apq_store is not None
        persisted_id = operation_id(body)
        if persisted_id is not None and not query:
            query = persisted.lookup(persisted_id) if persisted is not None else None
            if query is None and apq_hash is not None and apq_store is not None:
                query = await apq_store.get(apq_hash)
            if query is None:
                # A GraphQL request error (Apollo's clients send the query on): 200 for JSON.
                return refusal(
                    request,
                    request_error_status(media_type),
                    NOT_FOUND_MESSAGE,
                    ErrorCode.PERSISTED_QUERY_NOT_FOUND,
                    None,
                    media_type,
                )
        if not isinstance(query, str) or not query.strip():
            return refusal(
                request, 400, "The request has no query.", ErrorCode.BAD_REQUEST, None, media_type
            )
        if settings.persisted_operations_only and (
            persisted is None or not persisted.is_trusted(query)
        ):
            return refusal(
                request,
                request_error_status(media_type),
                "Only persisted operations are accepted here.",
                ErrorCode.PERSISTED_QUERY_REQUIRED,
                None,
                media_type,
            )
        operation_name = body.get("operationName") or None
        variables = body.get("variables") or None
        headers: dict[str, str] = {}
        for name in _FORWARDED_HEADERS:
            value = request.headers.get(name)
            if value:
                headers[name] = value
        identity = bind_identity(signer, actor)
        started = time.perf_counter()
        try:
            result = await gateway.execute(
                query,
                operation_name=operation_name,
                variables=variables,
                headers=headers,
                allow_mutations=allow_mutations,
                # @requiresScopes is checked against the caller's Koko roles.
                caller=Caller(not actor.is_public, frozenset(g.role.value for g in actor.grants)),
                # What anonymous callers get alike may be answered from the response cache.
                shared=actor.is_public,
                fresh=wants_fresh(request.headers.get("cache-control")),
            )
        finally:
            reset_identity(identity)
        gateway_metrics.operation(
            result.operation_name or operation_name,
            time.perf_counter() - started,
            result.status,
            result.body,
        )
        if register and result.status == 200 and apq_store is not None and apq_hash is not None:
            await apq_store.put(apq_hash, query)
        status, response_headers = result.status, None
        if status == 200 and shed(result.body):
            return overloaded_refusal(request, media_type)
        if status == 405:
            response_headers = ALLOW_POST
        elif status == 400 and "data" not in result.body:
            # A GraphQL request error (parse, validation, coercion, limits): its status is the
            # media type's (200 for application/json, 400 for graphql-response+json).
            status = request_error_status(media_type)
        response = graphql_response(status, result.body, response_headers, media_type)
        # The language the subgraphs answered in (the same negotiation, koko_shared.i18n).
        response.headers["Content-Language"] = served_language(
            request.headers.get("accept-language")
        )
        response.headers["Vary"] = "Accept, Accept-Language"
        response.headers["Cache-Control"] = cache_control(
            request.method, actor.is_public, status, result.body, settings
        )
        return response

    @app.post("/graphql")
    async def graphql_post(request: Request) -> Response:
        media_type = negotiate(request.headers.get("accept"))
        if media_type is None:
            return refuse_not_well_formed(request, not_acceptable())
        try:
            check_content_type(request.headers.get("content-type"))
            # Limited and timed by the body guard.
            body = parse_body(await request.body())
        except NotWellFormed as exc:
            return refuse_not_well_formed(request, exc, media_type)
        return await execute(request, body, allow_mutations=True, media_type=media_type)

    @app.get("/graphql")
    async def graphql_get(request: Request) -> Response:
        params = request.query_params
        if "query" in params or "documentId" in params or "extensions" in params:
            media_type = negotiate(request.headers.get("accept"))
            if media_type is None:
                return refuse_not_well_formed(request, not_acceptable())
            try:
                body = parse_query_string(params)
            except NotWellFormed as exc:
                return refuse_not_well_formed(request, exc, media_type)
            return await execute(request, body, allow_mutations=False, media_type=media_type)
        accept = request.headers.get("accept", "*/*")
        if settings.graphiql_enabled and ("text/html" in accept or "*/*" in accept):
            # A browser opening the endpoint (programs naming only JSON get the 400 below).
            return HTMLResponse(
                graphiql_html(settings.graphiql_default_query),
                headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
            )
        return refusal(
            request, 400, "Send a query with POST (or GET ?query=).", ErrorCode.BAD_REQUEST
        )

    @app.get(ASSETS_PATH + "/{name}")
    async def graphiql_asset(name: str) -> Response:
        found = asset(name) if settings.graphiql_enabled else None
        if found is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        content, media_type = found
        return Response(
            content,
            media_type=media_type,
            headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
        )

    @app.get("/graphql/schema.graphql")
    async def api_schema(request: Request) -> Response:
        """The API schema as SDL. Where introspection is off (production), only for
        authenticated callers (any valid token or API key): frontends and codegen need it."""
        gateway: Gateway | None = request.app.state.gateway
        if gateway is None:
            return refusal(
                request, 503, "The supergraph is not loaded yet.", ErrorCode.SERVICE_UNAVAILABLE
            )
        if not settings.introspection_enabled:
            authorization = request.headers.get("authorization")
            address = request.client.host if request.client else "unknown"
            try:
                actor = await authenticate(authorization, verifier)
            except Unauthenticated as exc:
                if (wait := await limiter.hit(client_key(PUBLIC, None, address))) > 0:
                    return rate_limited(request, wait)
                return refusal(
                    request, 401, exc, ErrorCode.UNAUTHENTICATED, {"WWW-Authenticate": "Bearer"}
                )
            if actor.is_public:
                return refusal(
                    request,
                    401,
                    "The schema is available to authenticated clients: send a token or API key.",
                    ErrorCode.UNAUTHENTICATED,
                    {"WWW-Authenticate": "Bearer"},
                )
        return Response(
            gateway.schema_sdl,
            media_type="text/plain; charset=utf-8",
            headers={"Cache-Control": "private, max-age=300"},
        )

    # Outermost: a GraphQL request takes its place before anything else runs, so a refusal
    # costs no telemetry, access log, CORS or body parse (issue 18). A body that trickles in
    # holds its place for at most the body guard's timeouts.
    admission = limiter_from_settings(settings, 1000)
    app.state.admission = admission
    app.add_middleware(
        AdmissionGuard,  # type: ignore[arg-type]
        limiter=admission,
        exempt=lambda path: path != "/graphql",
        render=render_overloaded,
        content_type=JSON,
        refusal_headers=cors_refusal_headers(settings.cors_origins),
    )
    register_admission_metrics(app.state.metrics.registry, admission, "gateway")
    return app
