"""The rate limit at a subgraph: what can be called there directly is limited like at the gateway.

Pure ASGI, installed by `configure_service_app` outside the body guard. Every request counts
toward its client's budget (`koko_shared.rate_limit.client_key`: the token's hash for credentials,
the address otherwise), in the same store as the gateway's when Redis is configured. Requests
carrying the gateway's identity were counted at the gateway and pass; an identity or credentials
the service refuses (401) count against the caller's address (a budget of refusals), and while
that is spent, requests with an identity or credentials are answered 429 before anything is
verified. Health, readiness and metrics are never limited.

The answer is a problem (RFC 9457) that a GraphQL client reads too (`errors`), in the request's
language (the raw Accept-Language header: English without it).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from koko_shared.auth.actor import PUBLIC
from koko_shared.auth.identity import IDENTITY_HEADER
from koko_shared.errors import PROBLEM_JSON, ErrorCode, problem_bytes
from koko_shared.http.refusal_language import refusal_language
from koko_shared.i18n import translate
from koko_shared.rate_limit import RateLimiter, client_key

UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
RATE_LIMITED_MESSAGE = "Too many requests; slow down."


class RateLimitGuard:
    def __init__(self, app: ASGIApp, *, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not self.limiter.enabled
            or scope.get("path") in UNLIMITED_PATHS
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        identity = IDENTITY_HEADER.encode() in headers
        authorization = headers.get(b"authorization")
        client = scope.get("client")
        address = client[0] if client else "unknown"
        # Refusals have a budget of their own: the gateway's address is never limited by the
        # public traffic of another client on the same host.
        refused_key = "refused:" + address
        if identity or authorization:
            wait = await self.limiter.waiting(refused_key)
            if wait > 0:
                await _too_many(scope, send, wait)
                return
        if not identity:
            token = authorization.decode("latin-1") if authorization else None
            wait = await self.limiter.hit(client_key(PUBLIC, token, address))
            if wait > 0:
                await _too_many(scope, send, wait)
                return
        status = 0

        async def watching(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watching)
        if status == 401:
            await self.limiter.hit(refused_key)


async def _too_many(scope: Scope, send: Send, wait: float) -> None:
    language = refusal_language(scope)
    body = problem_bytes(
        429, ErrorCode.RATE_LIMITED, translate(RATE_LIMITED_MESSAGE, language), graphql=True
    )
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-language", language.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(max(1, round(wait))).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})
