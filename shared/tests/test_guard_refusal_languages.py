"""The refusals of the pure ASGI guards (a body too large, too slow, cut short; a NUL in the
URL; a client over its rate limit; a request without the gateway's identity) are top-level
errors: in the request's language, English without Accept-Language, read from the raw header
before any middleware runs; Content-Language names it. (The media type guard's 415:
services/surveys/tests/test_openapi_fuzz.py.)"""

from __future__ import annotations

import asyncio

import httpx
import orjson
import pytest
from starlette.types import Message, Receive, Scope, Send

from koko_shared.auth.identity import IdentityVerifier
from koko_shared.http.body_guard import BodyLimits, RequestBodyGuard
from koko_shared.http.gateway_guard import GatewayOnlyGuard
from koko_shared.http.nul_guard import NulGuard
from koko_shared.http.rate_limit_guard import RateLimitGuard
from koko_shared.http.server import BODY_EOF_SCOPE_KEY
from koko_shared.rate_limit import RateLimiter

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


async def _answers(guard: object, method: str, url: str) -> list[httpx.Response]:
    """The same request with Accept-Language: de and without the header."""
    transport = httpx.ASGITransport(app=guard)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        return [
            await client.request(method, url, headers=headers)
            for headers in ({"accept-language": "de"}, {})
        ]


def _titles(answers: list[httpx.Response]) -> list[tuple[int, str, str | None, str]]:
    return [
        (a.status_code, a.json()["title"], a.json().get("detail"), a.headers["content-language"])
        for a in answers
    ]


async def test_a_nul_in_the_url_is_refused_in_the_request_language() -> None:
    answers = await _answers(NulGuard(_reads_its_body), "GET", "/x?q=a%00b")
    assert _titles(answers) == [
        (
            400,
            "Die Anfrage ist nicht gültig",
            "URLs dürfen keine NUL-Zeichen (%00) enthalten",
            "de",
        ),
        (400, "The request is not valid", "URLs must not contain NUL characters (%00)", "en"),
    ]


async def test_a_client_over_its_rate_limit_is_refused_in_the_request_language() -> None:
    # given: one request a minute, already spent by the client
    guard = RateLimitGuard(_reads_its_body, limiter=RateLimiter(1))
    await _answers(guard, "GET", "/spend")
    # when
    answers = await _answers(guard, "GET", "/x")
    # then
    assert [(a.status_code, a.json()["title"]) for a in answers] == [
        (429, "Zu viele Anfragen; bitte langsamer."),
        (429, "Too many requests; slow down."),
    ]
    assert [a.headers["content-language"] for a in answers] == ["de", "en"]


async def test_a_request_without_the_gateways_identity_is_refused_in_the_request_language() -> None:
    guard = GatewayOnlyGuard(
        _reads_its_body, verifier=IdentityVerifier({}, audience="svc"), service="svc"
    )
    answers = await _answers(guard, "POST", "/graphql")
    assert _titles(answers) == [
        (
            401,
            "Identität des Gateways erforderlich",
            "Dieser Dienst antwortet nur dem Koko-Gateway: Senden Sie die Anfrage an das Gateway "
            "(ein Bearer-Token oder API-Schlüssel wird hier nicht angenommen).",
            "de",
        ),
        (
            401,
            "Gateway identity required",
            "This service answers the Koko gateway only: send the request to the gateway (a "
            "bearer token or API key is not accepted here).",
            "en",
        ),
    ]
