"""Slow and oversized requests against a real uvicorn server, spoken to over raw sockets.

The server runs the guarded protocol (`koko_shared.http.server`) and the body guard
(`koko_shared.http.body_guard`) with small limits and timeouts so each test takes seconds.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import orjson
import pytest
import uvicorn
from fastapi import FastAPI, Request

from koko_shared.http.body_guard import BodyLimits, RequestBodyGuard
from koko_shared.http.server import server_config
from koko_shared.testing.waiting import wait_until

LIMIT = 1_000_000
IDLE = 0.5
TOTAL = 2.0
HEADER_TIMEOUT = 0.5


@dataclass
class Server:
    port: int
    bodies_read: list[int] = field(default_factory=list)

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        return sock


def _app(server: Server) -> FastAPI:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        body = await request.body()
        server.bodies_read.append(len(body))
        return {"bytes": len(body)}

    app.add_middleware(
        RequestBodyGuard,  # type: ignore[arg-type]
        limits=BodyLimits(LIMIT, idle_timeout_seconds=IDLE, total_timeout_seconds=TOTAL),
    )
    return app


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    state = Server(port=0)
    config = server_config(
        _app(state), host="127.0.0.1", port=0, header_read_timeout=HEADER_TIMEOUT
    )
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    wait_until(lambda: uvicorn_server.started, seconds=10, what="the guarded server started")
    state.port = uvicorn_server.servers[0].sockets[0].getsockname()[1]
    yield state
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


def _read_response(sock: socket.socket, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """Read one response (status, headers, body); status 0 when the server closed silently."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except ConnectionResetError:
        pass
    if b"\r\n\r\n" not in data:
        return 0, {}, data
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body


def _closed_by_server(sock: socket.socket, timeout: float) -> bool:
    sock.settimeout(timeout)
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def _head(length: int | None = None, chunked: bool = False) -> bytes:
    lines = ["POST /echo HTTP/1.1", "Host: test", "Content-Type: application/json"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_a_complete_body_is_read(server: Server) -> None:
    # given
    sock = server.connect()
    # when
    sock.sendall(_head(2) + b"{}")
    status, _, body = _read_response(sock)
    # then
    assert status == 200
    assert orjson.loads(body) == {"bytes": 2}


def test_a_declared_length_over_the_limit_is_refused_before_reading(server: Server) -> None:
    # given
    sock = server.connect()
    # when: only the head is sent
    sock.sendall(_head(70 * 1024 * 1024))
    status, headers, body = _read_response(sock)
    # then
    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    assert orjson.loads(body)["type"] == "urn:koko:problem:PAYLOAD_TOO_LARGE"
    assert _closed_by_server(sock, timeout=5)


def test_a_client_that_sends_everything_before_reading_gets_the_413(server: Server) -> None:
    # given: an HTTP library that writes a whole 3 MB body before it reads the answer
    reads_before = len(server.bodies_read)
    # when
    response = httpx.post(
        f"http://127.0.0.1:{server.port}/echo", content=b"x" * (3 * LIMIT), timeout=10
    )
    # then: the refused body was drained (lingering close), not a connection reset
    assert response.status_code == 413
    assert response.json()["type"] == "urn:koko:problem:PAYLOAD_TOO_LARGE"
    assert len(server.bodies_read) == reads_before


def test_a_70_mb_chunked_body_is_cut_off_at_the_limit(server: Server) -> None:
    # given: a sender that would stream 70 MB in 64 KB chunks without a Content-Length
    sock = server.connect()
    sock.sendall(_head(chunked=True))
    chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
    sent = 0
    reads_before = len(server.bodies_read)

    def send_all() -> None:
        nonlocal sent
        try:
            for _ in range(70 * 16):
                sock.sendall(chunk)
                sent += 65536
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server closed the connection: what we expect

    sender = threading.Thread(target=send_all, daemon=True)
    sender.start()
    # when
    status, _, body = _read_response(sock)
    sender.join(timeout=20)
    # then: refused at the limit, the app never saw a body, far less than 70 MB went through
    assert status == 413
    assert orjson.loads(body)["status"] == 413
    assert len(server.bodies_read) == reads_before
    assert sent < 20 * 1024 * 1024


def test_half_a_body_is_answered_408_after_the_idle_timeout(server: Server) -> None:
    # given
    sock = server.connect()
    started = time.monotonic()
    # when: 500 of 1000 declared bytes, then silence
    sock.sendall(_head(1000) + b"x" * 500)
    status, headers, body = _read_response(sock)
    # then
    assert status == 408
    assert IDLE - 0.05 <= time.monotonic() - started < IDLE + 3
    assert headers["connection"] == "close"
    assert "500 of 1000" in orjson.loads(body)["detail"]
    assert _closed_by_server(sock, timeout=5)


def test_a_body_dripping_byte_by_byte_is_cut_at_the_total_deadline(server: Server) -> None:
    # given
    sock = server.connect()
    sock.sendall(_head(1000))
    started = time.monotonic()
    # when: one byte every 0.2 s (each within the idle timeout)
    for _ in range(100):
        try:
            sock.sendall(b"x")
        except OSError:
            break
        sock.settimeout(0.2)
        try:
            if sock.recv(1, socket.MSG_PEEK):
                break
        except TimeoutError:
            continue
    status, _, _ = _read_response(sock)
    # then
    assert status == 408
    assert TOTAL - 0.05 <= time.monotonic() - started < TOTAL + 3


def test_a_body_shorter_than_its_content_length_is_answered_400(server: Server) -> None:
    # given
    sock = server.connect()
    # when: 10 of 100 declared bytes, then the client closes its sending side
    sock.sendall(_head(100) + b"x" * 10)
    sock.shutdown(socket.SHUT_WR)
    status, _, body = _read_response(sock, timeout=5)
    # then: answered at once, not after a timeout
    assert status == 400
    problem = orjson.loads(body)
    assert problem["type"] == "urn:koko:problem:BAD_REQUEST"
    assert problem["title"] == "The request body ended before its declared Content-Length."
    assert "10 of 100" in problem["detail"]


@pytest.mark.parametrize(
    "partial",
    [b"", b"POST /echo HT", b"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Le"],
    ids=["nothing", "half a request line", "half the headers"],
)
def test_slow_headers_are_cut_at_the_header_timeout(server: Server, partial: bytes) -> None:
    # given
    started = time.monotonic()
    sock = server.connect()
    # when
    sock.sendall(partial)
    status, _, body = _read_response(sock)
    # then
    assert status == 408
    assert orjson.loads(body)["type"] == "urn:koko:problem:REQUEST_TIMEOUT"
    assert HEADER_TIMEOUT - 0.05 <= time.monotonic() - started < HEADER_TIMEOUT + 3


def test_trickled_header_bytes_do_not_extend_the_header_deadline(server: Server) -> None:
    # given
    sock = server.connect()
    started = time.monotonic()
    # when: a header byte every 0.1 s, never finishing
    closed = False
    for byte in b"POST /echo HTTP/1.1\r\nHost: test\r\nX-Slow: " + b"a" * 100:
        try:
            sock.sendall(bytes([byte]))
        except OSError:
            closed = True
            break
        sock.settimeout(0.1)
        try:
            sock.recv(1, socket.MSG_PEEK)  # an answer or the end of the connection
        except TimeoutError:
            continue
        closed = True
        break
    # then
    assert closed
    assert time.monotonic() - started < HEADER_TIMEOUT + 3


async def test_300_slow_sockets_do_not_hold_the_server(server: Server) -> None:
    # given: 300 clients, half sending half a body, half sending half their headers
    socks: list[socket.socket] = []
    for n in range(300):
        sock = server.connect()
        sock.sendall(_head(1000) + b"x" * 500 if n % 2 else b"POST /echo HTTP/1.1\r\nHost: t")
        socks.append(sock)
    # when: a normal request meanwhile
    healthy = server.connect()
    healthy.sendall(_head(2) + b"{}")
    status, _, _ = await asyncio.to_thread(_read_response, healthy)
    # then: it is served (not left waiting behind them), and the server closes every slow
    # socket once its idle or header time is up (each read waits for that close)
    assert status == 200
    closed = await asyncio.gather(
        *(
            asyncio.to_thread(_closed_by_server, sock, max(IDLE, HEADER_TIMEOUT) + 10)
            for sock in socks
        )
    )
    assert all(closed), f"{closed.count(False)} of 300 slow sockets still open"
    for sock in socks:
        sock.close()


def test_an_endless_header_block_is_cut_at_64_kb(server: Server) -> None:
    # given
    sock = server.connect()
    sock.sendall(b"POST /echo HTTP/1.1\r\nHost: test\r\n")
    # when: header lines keep coming, fast
    try:
        for n in range(2000):
            sock.sendall(b"X-Filler-%d: %s\r\n" % (n, b"a" * 100))
    except OSError:
        pass  # closed by the server: expected
    status, _, body = _read_response(sock)
    # then
    assert status == 431
    assert orjson.loads(body)["status"] == 431


def test_a_large_body_in_the_first_packet_is_not_taken_for_large_headers(server: Server) -> None:
    # given: headers and a 200 KB body written at once
    sock = server.connect()
    body = b'"' + b"x" * 200_000 + b'"'
    # when
    sock.sendall(_head(len(body)) + body)
    status, _, answer = _read_response(sock)
    # then
    assert status == 200
    assert orjson.loads(answer) == {"bytes": len(body)}
