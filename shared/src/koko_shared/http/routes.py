"""The routes of an app as FastAPI really serves them: included routers are kept as branches
(`_IncludedRouter`) since FastAPI 0.16x, so `app.routes` no longer lists every route. These
helpers walk the effective routes (with their full paths, methods and dependencies)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import RouteContext, iter_route_contexts
from starlette.routing import Match
from starlette.types import Scope


def effective_routes(app: FastAPI) -> Iterator[RouteContext]:
    yield from iter_route_contexts(app.router.routes)


def matching_routes(app: FastAPI, scope: Scope) -> Iterator[tuple[Match, Any]]:
    """Each route whose path matches the request (FULL: the method too; PARTIAL: not it)."""
    for route in effective_routes(app):
        match, _ = route.matches(scope)
        if match != Match.NONE:
            yield match, route
