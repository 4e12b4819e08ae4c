"""ASGI middleware that guards request bodies while they stream in.

The body limit is enforced on the bytes actually received (a chunked body has no
Content-Length to check), so an oversized body is cut off at the limit, never read whole.
A body that stops arriving is answered 408 after an idle timeout (or after a total deadline,
so a client dripping one byte at a time cannot hold a request forever). A body that ends
before its declared Content-Length (the client closed its sending side) is answered 400.
Each of these answers closes the connection. Its title and detail are in the request's
language (the raw Accept-Language header, as the admission guard reads it: English without it).

A body refused for its declared Content-Length is drained (read and discarded, never parsed)
after the answer is written and before the connection closes, as nginx's lingering close does,
so a client that sends its whole body before it reads (httpx, requests, most HTTP libraries)
reads the 413 instead of a connection reset. Only a declared length within the linger budget
is drained, for at most the linger time; a larger body, or a chunked one that outgrows the
limit, is cut off at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from koko_shared.errors import PROBLEM_JSON, ErrorCode, problem_bytes
from koko_shared.http.refusal_language import refusal_language
from koko_shared.i18n import Message
from koko_shared.settings import ServiceSettings

# Set in the ASGI scope by `koko_shared.http.server` when the client half-closes its side of
# the connection while a request body is still expected.
BODY_EOF_SCOPE_KEY = "koko.body_eof"


# How a refusal is written: (status, code, title, detail) -> (body, content type). The default
# is an RFC 9457 problem; the gateway writes GraphQL errors instead.
Renderer = Callable[[int, ErrorCode, str, str | None], tuple[bytes, str]]


def render_problem(
    status: int, code: ErrorCode, title: str, detail: str | None
) -> tuple[bytes, str]:
    return problem_bytes(status, code, title, detail), PROBLEM_JSON


@dataclass(frozen=True, slots=True)
class BodyLimits:
    max_bytes: int
    idle_timeout_seconds: float = 10.0
    total_timeout_seconds: float = 60.0
    # Lingering close after a 413 for a declared length: bodies declared up to this size are
    # read and discarded for at most this long, so the client can read the answer.
    linger_bytes: int = 16 * 1024 * 1024
    linger_seconds: float = 5.0


def body_limits(settings: ServiceSettings, max_bytes: int | None = None) -> BodyLimits:
    return BodyLimits(
        max_bytes=max_bytes if max_bytes is not None else settings.max_body_bytes,
        idle_timeout_seconds=settings.body_idle_timeout_seconds,
        total_timeout_seconds=settings.body_total_timeout_seconds,
    )


def install_body_guard(
    app: Starlette,
    settings: ServiceSettings,
    limits_for_path: Callable[[str], BodyLimits | None] | None = None,
    render: Renderer = render_problem,
) -> None:
    """Add the guard; call it before other middleware so it sits innermost, right around the
    routes, and the others (telemetry, CORS) see its answers as ordinary responses."""
    app.add_middleware(
        RequestBodyGuard,  # type: ignore[arg-type]
        limits=body_limits(settings),
        limits_for_path=limits_for_path,
        render=render,
    )


class _BodyRefused(Exception):
    """Raised into the app from `receive` after the guard has answered the client itself."""


class RequestBodyGuard:
    """Pure ASGI middleware (no buffering): wraps `receive` to count and time the body."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: BodyLimits,
        limits_for_path: Callable[[str], BodyLimits | None] | None = None,
        render: Renderer = render_problem,
    ) -> None:
        self.app = app
        self.limits = limits
        self.limits_for_path = limits_for_path
        self.render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limits = (self.limits_for_path and self.limits_for_path(scope["path"])) or self.limits
        declared = _content_length(scope)
        if declared is not None and declared > limits.max_bytes:
            await self._answer(
                scope,
                send,
                413,
                ErrorCode.PAYLOAD_TOO_LARGE,
                _too_large(limits.max_bytes),
                linger=(lambda: drain(receive, limits))
                if declared <= limits.linger_bytes
                else None,
            )
            return
        state = _State()
        deadline = time.monotonic() + limits.total_timeout_seconds

        async def guarded_receive() -> AsgiMessage:
            if state.answered:
                raise _BodyRefused
            if state.body_done:
                return await receive()
            timeout = min(limits.idle_timeout_seconds, deadline - time.monotonic())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(timeout, 0.0))
            except TimeoutError:
                await refuse(
                    408,
                    ErrorCode.REQUEST_TIMEOUT,
                    Message("The request body did not arrive in time."),
                    _received(state.received, declared),
                )
                raise _BodyRefused from None
            if message["type"] != "http.request":
                return message
            state.received += len(message.get("body", b""))
            if state.received > limits.max_bytes:
                await refuse(413, ErrorCode.PAYLOAD_TOO_LARGE, _too_large(limits.max_bytes))
                raise _BodyRefused
            if not message.get("more_body", False):
                state.body_done = True
            elif scope.get(BODY_EOF_SCOPE_KEY):
                await refuse(
                    400,
                    ErrorCode.BAD_REQUEST,
                    Message("The request body ended before its declared Content-Length."),
                    _received(state.received, declared),
                )
                raise _BodyRefused
            return message

        async def refuse(
            status: int, code: ErrorCode, title: Message, detail: Message | None = None
        ) -> None:
            if state.response_started:
                return
            state.answered = True
            await self._answer(scope, send, status, code, title, detail)

        async def guarded_send(message: AsgiMessage) -> None:
            if state.answered:
                return  # the app's answer to an aborted body is dropped: the guard answered
            if message["type"] == "http.response.start":
                state.response_started = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except _BodyRefused:
            if not state.answered:
                raise

    async def _answer(
        self,
        scope: Scope,
        send: Send,
        status: int,
        code: ErrorCode,
        title: Message,
        detail: Message | None = None,
        linger: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        language = refusal_language(scope)
        body, content_type = self.render(
            status,
            code,
            title.message_in(language),
            detail.message_in(language) if detail is not None else None,
        )
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", content_type.encode()),
                    (b"content-language", language.encode()),
                    (b"content-length", str(len(body)).encode()),
                    # The rest of the body is never read, so the connection cannot be reused.
                    (b"connection", b"close"),
                ],
            }
        )
        await send_body(send, body, linger)


async def send_body(
    send: Send, body: bytes, linger: Callable[[], Awaitable[None]] | None = None
) -> None:
    """Send a response's whole body. With `linger`, the answer goes out now and the response
    ends (and the connection closes) only once `linger` returns: it drains the unread request
    body within its budget (lingering close)."""
    if linger is None:
        await send({"type": "http.response.body", "body": body})
        return
    await send({"type": "http.response.body", "body": body, "more_body": True})
    await linger()
    await send({"type": "http.response.body", "body": b""})


async def drain(receive: Receive, limits: BodyLimits) -> None:
    """Read and discard what is left of a refused body, within the linger budget, so a client
    that writes its whole body before reading gets the answer (lingering close)."""
    deadline = time.monotonic() + limits.linger_seconds
    drained = 0
    while drained <= limits.linger_bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        try:
            message = await asyncio.wait_for(receive(), timeout=remaining)
        except TimeoutError:
            return
        if message["type"] != "http.request":
            return
        drained += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


@dataclass(slots=True)
class _State:
    received: int = 0
    body_done: bool = False
    answered: bool = False
    response_started: bool = False


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def _too_large(limit: int) -> Message:
    return Message("The request body exceeds {limit} bytes.", limit=limit)


def _received(received: int, declared: int | None) -> Message:
    if declared is None:
        return Message("received {received} bytes", received=received)
    return Message(
        "received {received} of {declared} declared bytes", received=received, declared=declared
    )
