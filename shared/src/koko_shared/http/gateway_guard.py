"""A subgraph answers only the gateway: every request but health, readiness and metrics must carry
the gateway's signed identity (`koko_shared.auth.identity`), verified here before anything else.

Without it the answer is 401 `UNAUTHENTICATED`; with one that does not verify (forged, expired,
signed by another key, issued for another subgraph) 401 `IDENTITY_INVALID`, logged. Both are a
problem (RFC 9457) that a GraphQL client reads too (`errors`); the first in the request's
language (the raw Accept-Language header: English without it), the second, a diagnosis for
operators, in English. A bearer token or API key sent
straight to a subgraph is never looked at. The verified actor is kept in the request's state, so
`actor_from_request` does not verify the signature again.

Installed by `configure_service_app` unless the development setting
`<SERVICE>_DEVELOPMENT_DIRECT_ACCESS` is on (refused in production), inside the rate limit guard:
refusals here count against the caller's address there.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from koko_shared.auth.identity import IDENTITY_HEADER, IdentityInvalid, IdentityVerifier
from koko_shared.errors import PROBLEM_JSON, ErrorCode, problem_bytes
from koko_shared.http.refusal_language import refusal_language
from koko_shared.i18n import translate
from koko_shared.telemetry import logger

# What the deployment needs without the gateway: probes and the metrics scrape.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# Where the verified actor is kept (`request.state.gateway_actor`).
ACTOR_STATE = "gateway_actor"
NO_IDENTITY_TITLE_MESSAGE = "Gateway identity required"
NO_IDENTITY_MESSAGE = (
    "This service answers the Koko gateway only: send the request to the gateway "
    "(a bearer token or API key is not accepted here)."
)


class GatewayOnlyGuard:
    def __init__(self, app: ASGIApp, *, verifier: IdentityVerifier, service: str) -> None:
        self.app = app
        self.verifier = verifier
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket") or scope.get("path") in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        signed = next(
            (v for k, v in scope.get("headers") or () if k == IDENTITY_HEADER.encode()), None
        )
        if kind == "websocket":
            # The gateway opens no websockets to subgraphs: GraphQL over a websocket would be a
            # way around this guard. Refused before the handshake is accepted (HTTP 403).
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})
            return
        if not signed:
            language = refusal_language(scope)
            await _refuse(
                send,
                ErrorCode.UNAUTHENTICATED,
                translate(NO_IDENTITY_TITLE_MESSAGE, language),
                translate(NO_IDENTITY_MESSAGE, language),
                language,
            )
            return
        try:
            actor = self.verifier.verify(signed.decode("latin-1"))
        except IdentityInvalid as exc:
            logger.warning(
                "identity from the gateway refused: check that this service's "
                "IDENTITY_PUBLIC_KEYS hold the gateway's public key",
                service=self.service,
                reason=exc.message,
                path=scope.get("path"),
            )
            await _refuse(
                send,
                ErrorCode.IDENTITY_INVALID,
                "The gateway identity does not verify",
                exc.message,
            )
            return
        scope.setdefault("state", {})[ACTOR_STATE] = actor
        await self.app(scope, receive, send)


async def _refuse(
    send: Send, code: ErrorCode, title: str, detail: str, language: str = "en"
) -> None:
    body = problem_bytes(401, code, title, detail, graphql=True)
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-language", language.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})
