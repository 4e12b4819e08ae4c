"""Refuses a request body of a media type the route does not take: 415 problem+json
`UNSUPPORTED_MEDIA_TYPE`, naming the types it does take (and `Accept-Post` / `Accept-Patch`,
RFC 9110 and RFC 5789). The types are the route's `requestBody` in the service's own OpenAPI
document, so what is documented and what is enforced cannot drift apart. Routes without a
documented body (GraphQL documents itself) are left alone, as is a body without Content-Type,
and so is an app whose document does not come from `koko_shared.http.openapi.document_problems`."""

from __future__ import annotations

from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from koko_shared.errors import ErrorCode
from koko_shared.http.body_guard import render_problem
from koko_shared.http.refusal_language import refusal_language
from koko_shared.http.routes import matching_routes
from koko_shared.i18n import translate

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Request paths whose accepted types are remembered: finding a path's route walks every route of
# the app (a twentieth of a small GraphQL request's CPU). Paths are the client's, so at most this
# many, each at most this long (a longer one is looked up every time): under 0.5 MB in all.
_REMEMBERED_PATHS = 1024
_REMEMBERED_PATH_LENGTH = 256


def media_type_of(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


class MediaTypeGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._accepted: dict[tuple[str, str], tuple[str, ...] | None] = {}
        self._by_path: dict[tuple[str, str], tuple[str, ...] | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        content_type = next(
            (
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"content-type"
            ),
            None,
        )
        accepted = self._remembered_types(scope) if content_type is not None else None
        if not accepted or media_type_of(content_type or "") in accepted:
            await self.app(scope, receive, send)
            return
        listed = ", ".join(accepted)
        language = refusal_language(scope)
        body, problem_type = render_problem(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            translate("Unsupported media type", language),
            translate(
                "this route takes {accepted}, not {media_type}",
                language,
                accepted=listed,
                media_type=media_type_of(content_type or "")[:80],
            ),
        )
        headers = [
            (b"content-type", problem_type.encode()),
            (b"content-language", language.encode()),
            (b"content-length", str(len(body)).encode()),
            (f"accept-{scope['method'].lower()}".encode(), listed.encode()),
        ]
        await send({"type": "http.response.start", "status": 415, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _remembered_types(self, scope: Scope) -> tuple[str, ...] | None:
        path = scope.get("root_path", "") + scope["path"]
        if len(path) > _REMEMBERED_PATH_LENGTH:
            return self._accepted_types(scope)
        key = (scope["method"], path)
        if key in self._by_path:
            return self._by_path[key]
        if len(self._by_path) >= _REMEMBERED_PATHS:
            self._by_path.clear()
        accepted = self._by_path[key] = self._accepted_types(scope)
        return accepted

    def _accepted_types(self, scope: Scope) -> tuple[str, ...] | None:
        app: Any = scope.get("app")
        # Only apps whose document states their bodies (koko_shared.http.openapi).
        if app is None or not getattr(app.state, "documents_request_bodies", False):
            return None
        for match, route in matching_routes(app, scope):
            if match != Match.FULL:
                continue
            key = (route.path_format or "", scope["method"].lower())
            if key not in self._accepted:
                operation = app.openapi().get("paths", {}).get(key[0], {}).get(key[1], {})
                content = operation.get("requestBody", {}).get("content")
                self._accepted[key] = tuple(content) if content else None
            return self._accepted[key]
        return None
