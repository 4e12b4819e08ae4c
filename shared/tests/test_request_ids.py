"""Request ids: a client's `X-Request-Id` is kept only in a strict form (1-64 of
`[A-Za-z0-9._-]`: UUIDs, ULIDs, trace ids); anything else (CR/LF, JSON-breaking text, 10 kB,
non-ASCII, two headers) is replaced by a fresh id in the response, the logs and everything
passed on."""

from __future__ import annotations

import re
from typing import Any

import pytest
import structlog
from fastapi import FastAPI

from koko_shared.telemetry import install_telemetry, request_id_var

FRESH = re.compile(r"[0-9a-f]{32}")


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/echo")
    async def echo() -> dict[str, str]:
        return {"request_id": request_id_var.get()}

    async def ready() -> bool:
        return True

    install_telemetry(app, service="test", readiness=ready, json_logs=True)
    return app


async def _call(app: FastAPI, headers: list[tuple[bytes, bytes]]) -> tuple[str, str, str]:
    """One raw ASGI request (header values exactly as given, which HTTP clients would refuse):
    the id in the response header, the one the handler saw, and the one in the access log."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/echo",
        "raw_path": b"/echo",
        "query_string": b"",
        "headers": [(b"host", b"test"), *headers],
        "client": ("127.0.0.1", 1234),
        "server": ("test", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # The access log line with the request's bound context, as the configured logger writes it.
    capture = structlog.testing.LogCapture()
    configured = structlog.get_config()
    structlog.configure(processors=[structlog.contextvars.merge_contextvars, capture])
    try:
        await app(scope, receive, send)
    finally:
        structlog.configure(**configured)
    logs = capture.entries
    start = next(m for m in sent if m["type"] == "http.response.start")
    in_response = dict(start["headers"])[b"x-request-id"].decode("latin-1")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    seen = re.search(rb'"request_id":"([^"]*)"', body)
    logged = next(entry for entry in logs if entry["event"] == "request")
    assert seen is not None
    return in_response, seen.group(1).decode(), str(logged.get("request_id"))


@pytest.mark.parametrize(
    "value",
    [
        "req-42",
        "0b9e1a4c-5d2f-4a61-9f43-2c1d0e8b7a66",  # UUID
        "01HZX3J8Q4V6W2R9T5K7M1N0PB",  # ULID
        "4bf92f3577b34da6a3ce929d0e0e4736.00f067aa0ba902b7",
        "x" * 64,
    ],
)
async def test_a_well_formed_request_id_is_kept(value: str) -> None:
    ids = await _call(_app(), [(b"x-request-id", value.encode())])
    assert ids == (value, value, value)


@pytest.mark.parametrize(
    "value",
    [
        b"abc\r\nSet-Cookie: session=stolen",
        b"abc\nlevel=error msg=forged",
        b'abc", "level": "error", "event": "forged',
        b"x" * 10_000,
        b"x" * 65,
        "grüße".encode(),
        b"a b",
        b"",
        b"\x00",
    ],
    ids=["CR/LF", "LF", "JSON", "10 kB", "65 chars", "non-ASCII", "space", "empty", "NUL"],
)
async def test_anything_else_is_replaced_everywhere(value: bytes) -> None:
    in_response, seen, logged = await _call(_app(), [(b"x-request-id", value)])
    assert FRESH.fullmatch(in_response)
    assert seen == in_response and logged == in_response


async def test_two_request_id_headers_are_replaced() -> None:
    headers = [(b"x-request-id", b"first"), (b"x-request-id", b"second")]
    in_response, seen, logged = await _call(_app(), headers)
    assert FRESH.fullmatch(in_response) and seen == logged == in_response
