"""The public REST paths of the subgraphs, served under the gateway's host.

One public entrypoint: `/hsds`, `/feeds`, `/reports`, `/offers/<id>.jsonld`, `/webhooks` (offers)
and `/v1/studies/...` (surveys) are proxied to the subgraph that serves them, so the subgraphs
themselves are never exposed. Bodies stream both ways (a 64 MB ingest batch is never held in
memory), limited and timed by the shared body guard; the caller's `Authorization` and
`Accept-Language` go through, the caller verified here goes as the gateway's signed identity,
and the request id is passed on. A client-sent identity header is dropped. An unreachable
subgraph is a 503 problem.
The path goes upstream as the client encoded it, and a path with a `.` or `..` segment (also
spelled `%2e%2e` or `..%2F`) is not proxied, so no public path reaches the subgraphs' own
GraphQL, metrics or docs. Every request counts toward its client's rate limit, as on `/graphql`;
refused credentials (401 here) count against the caller's address, and while that address is
over the limit, requests with credentials get 429, so keys cannot be guessed through REST.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass

import httpx
from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from koko_gateway.security.auth import authenticate
from koko_gateway.settings import GatewaySettings
from koko_shared.auth.actor import PUBLIC
from koko_shared.auth.identity import IDENTITY_HEADER
from koko_shared.errors import ErrorCode, Unauthenticated
from koko_shared.http.body_guard import (
    BodyLimits,
    RequestBodyGuard,
    body_limits,
    drain,
    render_problem,
    send_body,
)
from koko_shared.http.instance import INSTANCE_HEADER
from koko_shared.rate_limit import RateLimiter, client_key
from koko_shared.telemetry import REQUEST_ID_HEADER, logger, request_id_var


@dataclass(frozen=True, slots=True)
class PublicPath:
    """A public path pattern, the subgraph that serves it and the route label for metrics."""

    pattern: re.Pattern[str]
    subgraph: str
    route: str
    bulk: bool = False  # takes large bodies (ingest batches, forms)


PUBLIC_PATHS: tuple[PublicPath, ...] = (
    PublicPath(re.compile(r"^/hsds(/.*)?$"), "offers", "/hsds/{path}"),
    PublicPath(re.compile(r"^/feeds/.+$"), "offers", "/feeds/{path}"),
    PublicPath(re.compile(r"^/reports/.+$"), "offers", "/reports/{path}"),
    PublicPath(re.compile(r"^/offers/[^/]+\.jsonld$"), "offers", "/offers/{id}.jsonld"),
    PublicPath(re.compile(r"^/webhooks/.+$"), "offers", "/webhooks/{path}"),
    PublicPath(re.compile(r"^/v1/studies/.+$"), "surveys", "/v1/studies/{path}", bulk=True),
)
# The OpenAPI documents of the REST APIs, renamed so the two do not collide.
OPENAPI_PATHS = {"/openapi/offers.json": "offers", "/openapi/surveys.json": "surveys"}

# Hop-by-hop headers (RFC 9110 7.6.1) never cross a proxy; `host` is the upstream's own.
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
}
_NOT_FORWARDED = _HOP_BY_HOP | {IDENTITY_HEADER, REQUEST_ID_HEADER, "x-forwarded-for"}
# Nor the subgraph's request id (the gateway's is returned) and the token naming the subgraph's
# process (koko_shared.http.instance: for the gateway's choice of connection, not for clients).
_NOT_RETURNED = _HOP_BY_HOP | {REQUEST_ID_HEADER, INSTANCE_HEADER}
RETRY_AFTER_SECONDS = 5


@dataclass(frozen=True, slots=True)
class _Route:
    subgraph: str
    upstream_path: str
    label: str
    bulk: bool


class _RouteLabel:
    """What the telemetry middleware reads from `scope["route"]` to label metrics."""

    def __init__(self, path: str) -> None:
        self.path = path


def match(path: str) -> _Route | None:
    """The route of a decoded request path, or None (not proxied)."""
    if any(segment in (".", "..") for segment in path.split("/")):
        return None
    if path in OPENAPI_PATHS:
        return _Route(OPENAPI_PATHS[path], "/openapi.json", path, bulk=False)
    for public in PUBLIC_PATHS:
        if public.pattern.match(path):
            return _Route(public.subgraph, path, public.route, public.bulk)
    return None


def upstream_base(graphql_url: str) -> str:
    """`http://offers:8001/graphql` -> `http://offers:8001`: REST lives beside GraphQL."""
    base = graphql_url.rstrip("/")
    return base[: -len("/graphql")] if base.endswith("/graphql") else base


class RestProxy:
    """Pure ASGI middleware: public REST paths go to their subgraph, everything else on."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        fastapi_app: FastAPI,
        settings: GatewaySettings,
        transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        self.app = app
        self.fastapi_app = fastapi_app
        self.settings = settings
        self.transports = dict(transports or {})
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.default = body_limits(settings)
        self.bulk = body_limits(settings, settings.rest_max_body_bytes)
        self.guard = RequestBodyGuard(
            self._forward,
            limits=self.default,
            limits_for_path=lambda path: _bulk_limits(path, self.bulk),
            render=render_problem,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._closing_on_shutdown(receive), send)
            return
        route = match(scope["path"]) if scope["type"] == "http" else None
        if route is None:
            await self.app(scope, receive, send)
            return
        scope["route"] = _RouteLabel(route.label)
        scope["koko.proxy_route"] = route
        await self.guard(scope, receive, send)

    def _closing_on_shutdown(self, receive: Receive) -> Receive:
        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "lifespan.shutdown":
                for client in self.clients.values():
                    await client.aclose()
                self.clients.clear()
            return message

        return wrapped

    def _client(self, subgraph: str) -> httpx.AsyncClient:
        client = self.clients.get(subgraph)
        if client is None:
            timeout = self.settings.rest_proxy_timeout_seconds
            client = httpx.AsyncClient(
                transport=self.transports.get(subgraph),
                timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)),
                limits=httpx.Limits(max_connections=self.settings.subgraph_max_connections),
                follow_redirects=False,
            )
            self.clients[subgraph] = client
        return client

    async def _drain_quietly(self, scope: Scope, receive: Receive) -> None:
        """Discard the refused body within the linger budget (the guard may cut it off)."""
        limits = _bulk_limits(scope["path"], self.bulk) or self.default
        with contextlib.suppress(Exception):
            await drain(receive, limits)

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        route: _Route = scope["koko.proxy_route"]
        gateway = self.fastapi_app.state.gateway
        subgraph = None
        if gateway is not None:
            subgraph = next(
                (s for s in gateway.supergraph.subgraphs.values() if s.name == route.subgraph),
                None,
            )
        if subgraph is None:
            await _problem(
                send, 503, ErrorCode.SERVICE_UNAVAILABLE, f"{route.subgraph} is not ready yet."
            )
            return
        # As the client encoded it (a `%00` or `%2F` stays encoded); the decoded path only routes.
        raw_path = scope.get("raw_path")
        path = raw_path.decode("latin-1") if raw_path and route.label not in OPENAPI_PATHS else None
        url = upstream_base(subgraph.url) + (path or route.upstream_path)
        limiter: RateLimiter = self.fastapi_app.state.rate_limiter
        client = scope.get("client")
        address = client[0] if client else "unknown"
        address_key = client_key(PUBLIC, None, address)
        authorization = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None
        )

        async def refuse(status: int, code: ErrorCode, title: str, wait: float | None) -> None:
            await _problem(
                send,
                status,
                code,
                title,
                wait=wait,
                linger=lambda: self._drain_quietly(scope, receive),
            )

        if authorization is not None and (wait := await limiter.waiting(address_key)) > 0:
            await refuse(429, ErrorCode.RATE_LIMITED, "Too many requests; slow down.", wait)
            return
        try:
            actor = await authenticate(authorization, self.fastapi_app.state.token_verifier)
        except Unauthenticated:
            # Refused credentials count against the caller's address, as on /graphql, so keys
            # cannot be guessed through REST; checked here, before a byte of the body is sent.
            if (wait := await limiter.hit(address_key)) > 0:
                await refuse(429, ErrorCode.RATE_LIMITED, "Too many requests; slow down.", wait)
            else:
                await refuse(
                    401, ErrorCode.UNAUTHENTICATED, "Valid credentials are required.", None
                )
            return
        if (wait := await limiter.hit(client_key(actor, authorization, address))) > 0:
            await refuse(429, ErrorCode.RATE_LIMITED, "Too many requests; slow down.", wait)
            return
        if scope["method"] not in _SAFE_METHODS and actor.is_public:
            # Every public REST write needs credentials: a subgraph refusing an upload early
            # closes the connection, which would reach the client as 503 instead of this 401.
            await refuse(401, ErrorCode.UNAUTHENTICATED, "Valid credentials are required.", None)
            return
        # The subgraph gets the caller as the gateway's signed identity (counted here, so the
        # subgraph's own rate limit lets it pass).
        signer = self.fastapi_app.state.identity_signer
        identity = (IDENTITY_HEADER, signer.sign(actor, route.subgraph))
        query = scope.get("query_string", b"")
        request = self._client(route.subgraph).build_request(
            scope["method"],
            url + ("?" + query.decode("latin-1") if query else ""),
            headers=[*_forwarded_headers(scope), identity],
            content=_body(receive) if _has_body(scope) else None,
        )
        try:
            response = await self._client(route.subgraph).send(request, stream=True)
        except httpx.TimeoutException:
            await _problem(
                send, 504, ErrorCode.GATEWAY_TIMEOUT, f"{route.subgraph} did not answer in time."
            )
            return
        except httpx.TransportError as exc:
            logger.warning(
                "rest proxy upstream unreachable", subgraph=route.subgraph, error=str(exc)
            )
            await _problem(
                send,
                503,
                ErrorCode.SERVICE_UNAVAILABLE,
                f"{route.subgraph} is unavailable; try again shortly.",
                retry_after=True,
            )
            return
        try:
            headers = [
                (name.encode("latin-1"), value.encode("latin-1"))
                for name, value in response.headers.multi_items()
                if name.lower() not in _NOT_RETURNED
            ]
            await send(
                {"type": "http.response.start", "status": response.status_code, "headers": headers}
            )
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()


def install_rest_proxy(
    app: FastAPI,
    settings: GatewaySettings,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> None:
    """Add the proxy; call it after the GraphQL body guard and before telemetry, so proxied
    requests get request ids and metrics but REST (problem+json) body limits."""
    app.add_middleware(
        RestProxy,  # type: ignore[arg-type]
        fastapi_app=app,
        settings=settings,
        transports=transports,
    )


def _bulk_limits(path: str, bulk: BodyLimits) -> BodyLimits | None:
    route = match(path)
    return bulk if route is not None and route.bulk else None


def _has_body(scope: Scope) -> bool:
    return scope["method"] not in ("GET", "HEAD", "OPTIONS", "DELETE") or any(
        name in (b"content-length", b"transfer-encoding") for name, _ in scope["headers"]
    )


async def _body(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        chunk = message.get("body", b"")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return


def _forwarded_headers(scope: Scope) -> list[tuple[str, str]]:
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in scope["headers"]
        if name.decode("latin-1").lower() not in _NOT_FORWARDED
    ]
    incoming = {name: value.decode("latin-1") for name, value in scope["headers"]}
    chain = [incoming[b"x-forwarded-for"]] if b"x-forwarded-for" in incoming else []
    client = scope.get("client")
    if client:
        chain.append(client[0])
    if chain:
        headers.append(("x-forwarded-for", ", ".join(chain)))
    if b"x-forwarded-proto" not in incoming:
        headers.append(("x-forwarded-proto", scope.get("scheme", "http")))
    if b"x-forwarded-host" not in incoming and b"host" in incoming:
        headers.append(("x-forwarded-host", incoming[b"host"]))
    request_id = request_id_var.get()
    if request_id:
        headers.append((REQUEST_ID_HEADER, request_id))
    return headers


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def _problem(
    send: Send,
    status: int,
    code: ErrorCode,
    title: str,
    *,
    retry_after: bool = False,
    wait: float | None = None,
    linger: Callable[[], Awaitable[None]] | None = None,
) -> None:
    body, content_type = render_problem(status, code, title, None)
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    if retry_after:
        headers.append((b"retry-after", str(RETRY_AFTER_SECONDS).encode()))
    if wait is not None:
        headers.append((b"retry-after", str(max(1, round(wait))).encode()))
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send_body(send, body, linger)
