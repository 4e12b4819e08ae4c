"""What the gateway's admission guard (the outermost ASGI layer, koko_shared.http.admission)
answers when it refuses a GraphQL request: the gateway's own OVERLOADED error document, with the
CORS headers the CORS middleware inside would have added, so that a browser can read the 503
and its Retry-After."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import orjson
from starlette.types import Scope

from koko_gateway.execution.errors import error
from koko_shared.errors import ErrorCode

RefusalHeaders = Callable[[Scope], list[tuple[bytes, bytes]]]


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
