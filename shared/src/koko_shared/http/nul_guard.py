"""Refuses NUL characters in URLs before any handler sees them. PostgreSQL text cannot hold
U+0000, so a NUL in a query parameter that reaches a query would be a server error; it is the
client's mistake and is answered 400 problem+json `BAD_USER_INPUT` for every endpoint at once.
(GraphQL strings are checked by `koko_shared.graphql.nul.RefuseNulCharacters`.)"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from koko_shared.errors import ErrorCode
from koko_shared.http.body_guard import render_problem
from koko_shared.http.refusal_language import refusal_language
from koko_shared.i18n import translate


def has_nul(raw: bytes) -> bool:
    return b"\x00" in raw or b"%00" in raw


class NulGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            has_nul(scope.get("query_string", b""))
            or has_nul(scope.get("raw_path") or b"")
            or "\x00" in scope.get("path", "")
        ):
            language = refusal_language(scope)
            body, content_type = render_problem(
                400,
                ErrorCode.BAD_USER_INPUT,
                translate("The request is not valid", language),
                translate("URLs must not contain NUL characters (%00)", language),
            )
            await send(
                {
                    "type": "http.response.start",
                    "status": 400,
                    "headers": [
                        (b"content-type", content_type.encode()),
                        (b"content-language", language.encode()),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
