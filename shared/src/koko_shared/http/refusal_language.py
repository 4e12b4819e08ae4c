"""The language of a refusal written by a pure ASGI layer (the admission guard, the body guard)
before any middleware or request object exists: read from the raw `Accept-Language` header of
the ASGI scope, the rule of a top-level error (`koko_shared.i18n.problem_language`: the client's
best served language, English without the header)."""

from __future__ import annotations

import functools

from starlette.types import Scope

from koko_shared.i18n import problem_language


def accept_language(scope: Scope) -> str | None:
    """The raw `Accept-Language` header of the request, None without one."""
    return next(
        (v.decode("latin-1") for n, v in scope.get("headers", ()) if n == b"accept-language"),
        None,
    )


@functools.lru_cache(maxsize=64)  # clients send few distinct Accept-Language headers
def _language(accept_language: str | None) -> str:
    return problem_language(accept_language)


def refusal_language(scope: Scope) -> str:
    """The language of a refusal of this request. Cached per header value: a crowd refused
    before any middleware must not cost a negotiation per refusal."""
    return _language(accept_language(scope))
