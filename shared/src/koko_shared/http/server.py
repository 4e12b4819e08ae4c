"""Run a Koko service under uvicorn with read timeouts for request headers.

What uvicorn does by itself (0.54): `timeout_keep_alive` closes a connection that stays idle
*after* a response; it is not armed on a fresh connection, and any byte received cancels it.
So a client that connects and sends nothing, or sends half a request line or half the headers
(slowloris), holds its connection for ever. `limit_concurrency` only answers 503 once that many
connections are open: with slow clients it turns their attack into refusing everyone else.
h11's `h11_max_incomplete_event_size` bounds the size of the headers, not the time.

`GuardedHttpToolsProtocol` adds what is missing: a size limit (64 KB, answered 431; httptools
has none) and a deadline for the request line and headers,
armed when the connection opens and whenever a new request starts arriving, not extended by
trickled bytes; on expiry the client gets `408` and the connection is closed. It also keeps the
connection writable when the client half-closes in the middle of a body, so the body guard
(`koko_shared.http.body_guard`) can answer 400 instead of the server dropping the request.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from koko_shared.errors import PROBLEM_JSON, ErrorCode, problem_bytes
from koko_shared.http.body_guard import BODY_EOF_SCOPE_KEY
from koko_shared.http.supervisor import supervise
from koko_shared.http.worker_metrics import worker_metrics_folder, workers_registry
from koko_shared.settings import ServiceSettings
from koko_shared.telemetry import configure_logging, serve_metrics

DEFAULT_HEADER_TIMEOUT_SECONDS = 10.0
# httptools (llhttp) sets no limit on the size of the request line and headers; h11 has 16 KB.
MAX_HEADER_BYTES = 64 * 1024


def _raw_problem_response(status_line: bytes, body: bytes) -> bytes:
    """A whole HTTP/1.1 response, written to the socket before any ASGI app is involved."""
    head = b"HTTP/1.1 %s\r\ncontent-type: %s\r\nconnection: close\r\ncontent-length: %d\r\n\r\n"
    return head % (status_line, PROBLEM_JSON.encode(), len(body)) + body


_REQUEST_TIMEOUT = _raw_problem_response(
    b"408 Request Timeout",
    problem_bytes(408, ErrorCode.REQUEST_TIMEOUT, "The request headers did not arrive in time."),
)
_HEADERS_TOO_LARGE = _raw_problem_response(
    b"431 Request Header Fields Too Large",
    problem_bytes(
        431,
        ErrorCode.BAD_REQUEST,
        f"The request line and headers exceed {MAX_HEADER_BYTES} bytes.",
    ),
)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header read deadline and half-close handling."""

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.header_timeout = float(
            getattr(config, "header_read_timeout", DEFAULT_HEADER_TIMEOUT_SECONDS)
        )
        self.header_timer: asyncio.TimerHandle | None = None
        self.header_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        if self.header_timer is None and (self.cycle is None or self.cycle.response_complete):
            # The first bytes of a next request on a kept-alive connection.
            self._arm_header_timer()
        if self.header_timer is not None:
            self.header_bytes += len(data)
        super().data_received(data)
        if (
            self.header_timer is not None
            and self.header_bytes > MAX_HEADER_BYTES
            and not self.transport.is_closing()
        ):
            # Still no complete header block after this many bytes.
            self._cancel_header_timer()
            self.transport.write(_HEADERS_TOO_LARGE)
            self.transport.close()

    def on_headers_complete(self) -> None:
        self._cancel_header_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def eof_received(self) -> bool | None:  # type: ignore[override]
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete and cycle.more_body:
            # Half-close inside a body: the body is shorter than declared. Tell the body guard
            # and keep our side open so it can answer.
            cycle.scope[BODY_EOF_SCOPE_KEY] = True  # type: ignore[literal-required]
            cycle.message_event.set()
            return True
        return None

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self.header_bytes = 0
        self.header_timer = self.loop.call_later(self.header_timeout, self._header_timeout)

    def _cancel_header_timer(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _header_timeout(self) -> None:
        self.header_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(_REQUEST_TIMEOUT)
        self.transport.close()


def server_config(
    app: Any,
    *,
    host: str,
    port: int,
    header_read_timeout: float = DEFAULT_HEADER_TIMEOUT_SECONDS,
    limit_concurrency: int | None = None,
    **options: Any,
) -> uvicorn.Config:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=GuardedHttpToolsProtocol,
        limit_concurrency=limit_concurrency,
        log_level=options.pop("log_level", "warning"),
        # uvicorn's records go to the root logger, rendered by Koko's one structured logger
        # (koko_shared.telemetry.configure_logging); requests are logged by its middleware.
        log_config=options.pop("log_config", None),
        access_log=options.pop("access_log", False),
        **options,
    )
    # Read by GuardedHttpToolsProtocol; an attribute survives the trip to worker processes.
    config.header_read_timeout = header_read_timeout  # type: ignore[attr-defined]
    return config


# With several workers, uvicorn's supervisor pings each every half second and kills one that has
# not answered within this many seconds (its default: 5). On a saturated machine a worker starved
# of CPU, or one still importing the service after a restart (it answers only once its imports
# are done), misses 5 s: under the load benchmark the supervisor killed and restarted one worker
# every few seconds, each restart slower than 5 s again. A worker hung this long is still killed;
# one that dies while it is asked is noticed at once (koko_shared.http.supervisor).
WORKER_HEALTHCHECK_SECONDS = 60


# One host's default for the offers service's workers stops at this many: each has its own pool
# of 10 + 10 connections, and PostgreSQL allows 100 by default (the embedded one too).
HOST_WORKERS_AT_MOST = 4


def workers_per_core(at_most: int = HOST_WORKERS_AT_MOST) -> int:
    """One worker per core this process may use, at most `at_most`: in one process a Python
    service serves on one core, and on one host offers is the first service to run out of it
    (docs/benchmarks.md, "Under a crowd: one offers worker per core")."""
    return max(1, min(len(os.sched_getaffinity(0)), at_most))


def serve(app: Any, settings: ServiceSettings, *, workers: int = 1, **options: Any) -> None:
    """Like `uvicorn.run`, with the guarded protocol and the service's host, port, header
    timeout and connection limit (`app` is an import string when workers > 1), and the metrics
    on their own port (`settings.metrics_listen_port`): the app's own, or with several workers
    their sum, served by the supervisor (koko_shared.http.worker_metrics)."""
    config = server_config(
        app,
        host=settings.host,
        port=settings.port,
        workers=workers,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        header_read_timeout=settings.header_read_timeout_seconds,
        limit_concurrency=settings.limit_concurrency,
        **options,
    )
    port = settings.metrics_listen_port
    if workers == 1:
        metrics = getattr(getattr(app, "state", None), "metrics", None)
        if metrics is not None and port is not None:
            serve_metrics(metrics.registry, host=settings.metrics_host, port=port)
        uvicorn.Server(config).run()
        return
    # The supervisor's own records at info, through the service's logger (a worker that died
    # or hung, and its replacement): before, the supervisor process had no handler and the
    # warning level above, and a restart loop left no trace in the log. The workers configure
    # their logging anew, at that level.
    service = str(settings.model_config.get("env_prefix", "")).rstrip("_").lower() or "koko"
    configure_logging(json=settings.log_json, service=service)
    logging.getLogger("uvicorn.error").setLevel(logging.INFO)
    # The folder is named in the environment before the workers are spawned: they inherit it.
    with worker_metrics_folder(service) as folder:
        if port is not None:
            serve_metrics(workers_registry(folder), host=settings.metrics_host, port=port)
        supervise(config, [config.bind_socket()])
