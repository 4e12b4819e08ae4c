"""What every subgraph's GraphQL context carries besides its own fields: the HTTP request (its
app's operation limits, the language of top-level errors: koko_shared.graphql.request_language)
and the response whose headers the request's answer takes over."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response


@dataclass(kw_only=True)
class RequestContext:
    # None in a context built outside an HTTP request (a test calling a service directly).
    request: Request | None = None
    response: Response | None = None
