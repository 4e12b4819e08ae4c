"""The gateway's refusals of a GraphQL request, each a GraphQL response with one top-level error
in the request's language (English without Accept-Language): requests that are not well-formed,
rate limits, credentials, overload. And what the admission guard (the outermost ASGI layer,
koko_shared.http.admission) answers: the OVERLOADED error document with the CORS headers the
CORS middleware inside would have added, so that a browser can read the 503 and its Retry-After."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import Response
from starlette.types import Scope

from koko_gateway.execution.errors import error
from koko_shared.database.availability import OVERLOADED_MESSAGE, OVERLOADED_RETRY_AFTER_SECONDS
from koko_shared.errors import ErrorCode
from koko_shared.graphql.over_http import CONTENT_TYPES, JSON, NotWellFormed
from koko_shared.i18n import Translatable, problem_language, translate

RefusalHeaders = Callable[[Scope], list[tuple[bytes, bytes]]]


def graphql_response(
    status: int,
    body: dict[str, Any],
    headers: Mapping[str, str] | None = None,
    media_type: str = JSON,
) -> Response:
    response = Response(
        orjson.dumps(body),
        status_code=status,
        media_type=CONTENT_TYPES[media_type],
        headers=headers,
    )
    response.headers["Vary"] = "Accept"  # the media type follows it
    return response


def render_refusal(
    status: int, code: ErrorCode, title: str, detail: str | None
) -> tuple[bytes, str]:
    text = f"{title} ({detail})" if detail else title
    return orjson.dumps({"errors": [error(text, code=code)]}), JSON


def refusal(
    request: Request,
    status: int,
    message: str | Translatable,
    code: ErrorCode,
    headers: Mapping[str, str] | None = None,
    media_type: str = JSON,
) -> Response:
    """A refusal of the request: one top-level error whose `message` (a msgid, or an error that
    renders itself) is written in the request's language, English without Accept-Language."""
    language = problem_language(request.headers.get("accept-language"))
    text = (
        translate(message, language) if isinstance(message, str) else message.message_in(language)
    )
    response = graphql_response(status, {"errors": [error(text, code=code)]}, headers, media_type)
    response.headers["Content-Language"] = language
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


def refuse_not_well_formed(
    request: Request, exc: NotWellFormed, media_type: str = JSON
) -> Response:
    return refusal(request, exc.status, exc, exc.code, exc.headers, media_type)


def rate_limited(request: Request, wait: float, media_type: str = JSON) -> Response:
    return refusal(
        request,
        429,
        "Too many requests; slow down.",
        ErrorCode.RATE_LIMITED,
        {"Retry-After": str(max(1, round(wait)))},
        media_type,
    )


def overloaded_refusal(request: Request, media_type: str = JSON) -> Response:
    return refusal(
        request,
        503,
        OVERLOADED_MESSAGE,
        ErrorCode.OVERLOADED,
        {"Retry-After": str(OVERLOADED_RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
        media_type,
    )


def render_overloaded(status: int, code: str, message: str) -> bytes:
    """The body of a refusal: a GraphQL response with one error (`status` is the HTTP one)."""
    return orjson.dumps({"errors": [error(message, code=ErrorCode(code))]})


def cors_refusal_headers(allowed_origins: Sequence[str]) -> RefusalHeaders:
    """The simple-response CORS headers Starlette's CORSMiddleware adds for these origins."""
    allow_all = "*" in allowed_origins
    allowed = frozenset(origin.encode() for origin in allowed_origins)
    exposed = (b"access-control-expose-headers", b"retry-after, x-request-id")

    def headers(scope: Scope) -> list[tuple[bytes, bytes]]:
        origin = next(
            (value for name, value in scope.get("headers", ()) if name == b"origin"), None
        )
        if origin is None:
            return []
        if allow_all:
            return [(b"access-control-allow-origin", b"*"), exposed]
        if origin in allowed:
            return [(b"access-control-allow-origin", origin), exposed, (b"vary", b"Origin")]
        return []

    return headers
