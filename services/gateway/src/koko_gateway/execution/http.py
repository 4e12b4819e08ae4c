"""A small HTTP/1.1 keep-alive client for subgraph fetches: asyncio protocol + httptools parser.

Subgraph fetches are the gateway's hottest path, and a general-purpose client (httpx/httpcore/anyio)
spends ~1 ms of CPU per request on layers the gateway does not need (auth, redirects, cookies,
URL/header merging, anyio wrappers). This client does one thing: POST a body to one origin over a
pool of reused connections, the request head and body in one write, the response parsed in C.

Requests are spread over the processes behind the origin: a Koko subgraph names the process that
answered each response (`koko-instance`, koko_shared.http.instance), and an idle connection to the
process with the fewest of this pool's requests in flight is taken first (least outstanding
requests, as Envoy's and Finagle's balancers choose among hosts). Which process a connection
reaches is decided when it is accepted; so while every idle connection leads to a busy process,
a new connection is opened instead (an idle process, waiting in accept(), takes it), keeping at
most a few spare idle connections. A subgraph that sends no such header is served newest idle
connection first, as before.

Errors are `HttpTimeout` (no answer in time) and `HttpTransportError` (could not connect, or the
connection broke). A pooled connection the server closed while idle is detected before reuse; one
that breaks before any response byte arrived is retried once on a fresh connection (the request
cannot have been processed by a server that never answered and closed... except in a rare race,
which is why the caller decides whether that retry is allowed).
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from urllib.parse import urlsplit

import httptools

from koko_shared.http.instance import INSTANCE_HEADER

# Spare idle connections kept while looking for an idle process: at most this many per process
# known (and one), so a crowd that keeps every process busy does not open one per request.
SPARE_PER_INSTANCE = 1


class HttpTransportError(Exception):
    pass


class HttpTimeout(HttpTransportError):
    pass


class HttpResponse:
    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: dict[str, str], content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.reused = False
        # The process that answered on this connection (`koko-instance`), once it has answered.
        self.instance: str | None = None
        self._waiter: asyncio.Future[HttpResponse] | None = None
        self._parser = httptools.HttpResponseParser(self)
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []
        self._received = False
        self._headers_done = False
        self._keep_alive = True

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self._received = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:  # pragma: no cover - never asked for
            self._fail(HttpTransportError("unexpected protocol upgrade"))
        except httptools.HttpParserError as exc:
            self._fail(HttpTransportError(f"invalid HTTP response: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            if (
                self._headers_done
                and "content-length" not in self._headers
                and "chunked" not in self._headers.get("transfer-encoding", "")
            ):
                # A response delimited by the end of the connection.
                self.on_message_complete()
                return
            error = HttpTransportError("connection closed by the subgraph")
            error.before_response = not self._received  # type: ignore[attr-defined]
            waiter.set_exception(error)

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        self._headers_done = True

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        waiter = self._waiter
        self._keep_alive = self._parser.should_keep_alive()
        if waiter is not None and not waiter.done():
            waiter.set_result(
                HttpResponse(self._parser.get_status_code(), self._headers, b"".join(self._body))
            )

    def _fail(self, error: Exception) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)
        self.close()

    # use
    async def exchange(self, request: bytes) -> HttpResponse:
        assert self.transport is not None
        self._waiter = asyncio.get_running_loop().create_future()
        self._parser = httptools.HttpResponseParser(self)
        self._headers = {}
        self._body = []
        self._received = False
        self._headers_done = False
        self.transport.write(request)
        try:
            return await self._waiter
        finally:
            self._waiter = None

    @property
    def reusable(self) -> bool:
        return (
            not self.closed
            and self._keep_alive
            and self.transport is not None
            and not self.transport.is_closing()
        )

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()


class HttpPool:
    """Keep-alive connections to one origin; at most `max_connections` at a time."""

    def __init__(self, url: str, *, timeout: float, max_connections: int) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.ssl: ssl.SSLContext | None = (
            ssl.create_default_context() if parts.scheme == "https" else None
        )
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        default_port = (parts.scheme == "https" and self.port == 443) or (
            parts.scheme == "http" and self.port == 80
        )
        host_header = self.host if ":" not in self.host else f"[{self.host}]"
        if not default_port:
            host_header += f":{self.port}"
        self._head = f"POST {target} HTTP/1.1\r\nhost: {host_header}\r\n".encode("latin-1")
        self.timeout = timeout
        self._idle: deque[_Connection] = deque()
        self._slots = asyncio.Semaphore(max_connections)
        self._open: set[_Connection] = set()
        # This pool's requests in flight, and its open connections, per process known to answer
        # behind the origin; a process is forgotten once it has neither (a proxy in between may
        # name a different one in every answer).
        self.in_flight: dict[str, int] = {}
        self._connections: dict[str, int] = {}

    async def post(
        self, body: bytes, headers: dict[str, str], *, retry_stale: bool
    ) -> HttpResponse:
        head = [self._head]
        for name, value in headers.items():
            if "\r" in value or "\n" in value or "\r" in name or "\n" in name:
                raise HttpTransportError(f"invalid header {name!r}")
            head.append(f"{name}: {value}\r\n".encode("latin-1", "replace"))
        head.append(b"content-length: %d\r\n\r\n" % len(body))
        request = b"".join(head) + body
        try:
            async with asyncio.timeout(self.timeout), self._slots:
                connection = await self._acquire()
                instance = connection.instance
                if instance is not None:
                    self.in_flight[instance] += 1
                try:
                    response = await connection.exchange(request)
                except HttpTransportError as exc:
                    self._drop(connection)
                    stale = connection.reused and getattr(exc, "before_response", False)
                    if not (stale and retry_stale):
                        raise
                    connection = await self._connect()
                    try:
                        response = await connection.exchange(request)
                    except BaseException:
                        self._drop(connection)
                        raise
                except BaseException:
                    # Timed out or cancelled mid-exchange: the connection's state is unknown.
                    self._drop(connection)
                    raise
                finally:
                    if instance is not None and instance in self.in_flight:
                        self.in_flight[instance] -= 1
                        self._forget_if_unused(instance)
                self._answered_by(connection, response.headers.get(INSTANCE_HEADER))
                self._release(connection)
                return response
        except TimeoutError:
            raise HttpTimeout("timed out") from None
        except OSError as exc:
            raise HttpTransportError(str(exc) or type(exc).__name__) from exc

    async def _acquire(self) -> _Connection:
        if len(self.in_flight) == 0:
            # No process named itself: newest idle connection first.
            while self._idle:
                connection = self._idle.pop()
                if connection.reusable:
                    connection.reused = True
                    return connection
                self._drop(connection)
            return await self._connect()
        chosen = self._least_loaded_idle()
        if chosen is None or (
            self._load(chosen) > 0 and len(self._idle) <= SPARE_PER_INSTANCE * len(self.in_flight)
        ):
            # Every idle connection leads to a busy process: a new one may reach an idle one.
            return await self._connect()
        self._idle.remove(chosen)
        chosen.reused = True
        return chosen

    def _load(self, connection: _Connection) -> int:
        return 0 if connection.instance is None else self.in_flight.get(connection.instance, 0)

    def _answered_by(self, connection: _Connection, instance: str | None) -> None:
        """`connection` leads to process `instance` (from its latest answer's header)."""
        if instance is None or instance == connection.instance or connection not in self._open:
            return
        before, connection.instance = connection.instance, instance
        self._connections[instance] = self._connections.get(instance, 0) + 1
        self.in_flight.setdefault(instance, 0)
        if before is not None:
            self._connections[before] -= 1
            self._forget_if_unused(before)

    def _forget_if_unused(self, instance: str) -> None:
        if self._connections.get(instance, 0) == 0 and self.in_flight.get(instance, 0) == 0:
            self._connections.pop(instance, None)
            self.in_flight.pop(instance, None)

    def _least_loaded_idle(self) -> _Connection | None:
        """The idle connection to the process with the fewest requests in flight (the newest
        such connection); closed ones are dropped on the way."""
        best: _Connection | None = None
        best_load = 0
        for connection in reversed(self._idle):
            if not connection.reusable:
                continue
            load = self._load(connection)
            if best is None or load < best_load:
                best, best_load = connection, load
                if load == 0:
                    break
        for connection in [c for c in self._idle if not c.reusable]:
            self._idle.remove(connection)
            self._drop(connection)
        return best

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(
            _Connection,
            self.host,
            self.port,
            ssl=self.ssl,
            server_hostname=self.host if self.ssl is not None else None,
        )
        self._open.add(connection)
        return connection

    def _release(self, connection: _Connection) -> None:
        if connection.reusable:
            self._idle.append(connection)
        else:
            self._drop(connection)

    def _drop(self, connection: _Connection) -> None:
        connection.close()
        if connection in self._open:
            self._open.discard(connection)
            if connection.instance is not None:
                self._connections[connection.instance] -= 1
                self._forget_if_unused(connection.instance)

    def close_connections(self) -> None:
        for connection in list(self._open):
            connection.close()
        self._open.clear()
        self._idle.clear()
        self.in_flight.clear()
        self._connections.clear()
