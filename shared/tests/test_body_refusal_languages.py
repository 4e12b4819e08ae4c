"""The body guard's refusals (a body too large, too slow, cut short) are top-level errors: in
the request's language, English without Accept-Language, read from the raw header before any
middleware runs; Content-Language names it."""

from __future__ import annotations

import asyncio

import orjson
import pytest
from starlette.types import Message, Receive, Scope, Send

from koko_shared.http.body_guard import BodyLimits, RequestBodyGuard
from koko_shared.http.server import BODY_EOF_SCOPE_KEY

LANGUAGES = (
    ([(b"accept-language", b"de")], "de"),
    ([(b"accept-language", b"fr, ar;q=0.5")], "ar"),
    ([], "en"),
)


async def _reads_its_body(scope: Scope, receive: Receive, send: Send) -> None:
    while (await receive()).get("more_body", False):
        pass
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def _answer(
    headers: list[tuple[bytes, bytes]],
    chunks: list[bytes],
    *,
    declared: int,
    eof: bool = False,
) -> tuple[int, dict[bytes, bytes], dict[str, object]]:
    """Send `chunks` (then nothing more) to a guard with a 1000-byte limit and a short idle
    timeout; return its status, headers and problem."""
    guard = RequestBodyGuard(
        _reads_its_body,
        limits=BodyLimits(1000, idle_timeout_seconds=0.05, linger_bytes=0),
    )
    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": "/upload",
        "headers": [*headers, (b"content-length", str(declared).encode())],
        BODY_EOF_SCOPE_KEY: eof,
    }
    pending = list(chunks)
    never = asyncio.Event()

    async def receive() -> Message:
        if pending:
            return {"type": "http.request", "body": pending.pop(0), "more_body": True}
        await never.wait()  # the client sends nothing more: the idle timeout ends the wait
        raise AssertionError("unreachable")

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await guard(scope, receive, send)
    start, *bodies = sent
    body = b"".join(m.get("body", b"") for m in bodies)
    return start["status"], dict(start["headers"]), orjson.loads(body)


@pytest.mark.parametrize(("headers", "language"), LANGUAGES)
async def test_a_body_too_large_is_refused_in_the_request_language(
    headers: list[tuple[bytes, bytes]], language: str
) -> None:
    # when: a declared length over the limit
    status, response_headers, problem = await _answer(headers, [], declared=5000)
    # then
    expected = {
        "de": "Der Inhalt der Anfrage ist größer als 1000 Bytes.",
        "ar": "يتجاوز محتوى الطلب 1000 بايت.",
        "en": "The request body exceeds 1000 bytes.",
    }[language]
    assert (status, problem["title"], problem["type"]) == (
        413,
        expected,
        "urn:koko:problem:PAYLOAD_TOO_LARGE",
    )
    assert response_headers[b"content-language"] == language.encode()


@pytest.mark.parametrize(("headers", "language"), LANGUAGES)
async def test_a_body_too_slow_is_refused_in_the_request_language(
    headers: list[tuple[bytes, bytes]], language: str
) -> None:
    # when: 10 of 100 declared bytes arrive, then nothing
    status, response_headers, problem = await _answer(headers, [b"x" * 10], declared=100)
    # then
    expected = {
        "de": (
            "Der Inhalt der Anfrage ist nicht rechtzeitig angekommen.",
            "10 von 100 angekündigten Bytes empfangen",
        ),
        "ar": ("لم يصل محتوى الطلب في الوقت المحدد.", "تم استلام 10 من أصل 100 بايت معلن"),
        "en": ("The request body did not arrive in time.", "received 10 of 100 declared bytes"),
    }[language]
    assert (status, problem["title"], problem["detail"]) == (408, *expected)
    assert response_headers[b"content-language"] == language.encode()


async def test_a_body_cut_short_is_refused_in_the_request_language() -> None:
    # when: the client closes its side after 10 of 100 declared bytes
    status, _, problem = await _answer(LANGUAGES[0][0], [b"x" * 10], declared=100, eof=True)
    # then
    assert (status, problem["title"], problem["detail"]) == (
        400,
        "Der Inhalt der Anfrage endete vor seiner angekündigten Content-Length.",
        "10 von 100 angekündigten Bytes empfangen",
    )
