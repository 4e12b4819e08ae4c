"""The language of a GraphQL request's top-level errors (a refused document, a query's bad
argument): the client's best served language when it names one, English otherwise, as for REST
problems (`koko_shared.i18n.problem_language`). Mutation payload errors follow the context's
language instead (German without Accept-Language)."""

from __future__ import annotations

from typing import Any

from koko_shared.i18n import problem_language


def request_of(context: Any) -> Any:
    """The HTTP request of a Strawberry context (a dict or a context object), else None."""
    if isinstance(context, dict):
        return context.get("request")
    return getattr(context, "request", None)


def error_language(context: Any) -> str:
    """The language top-level errors of the request behind `context` are written in."""
    headers = getattr(request_of(context), "headers", None)
    return problem_language(headers.get("accept-language") if headers is not None else None)
