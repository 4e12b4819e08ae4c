"""Structured logs with request ids, Prometheus metrics (served on their own port by
`serve_metrics`), OpenTelemetry tracing, health routes."""

from __future__ import annotations

import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextvars import ContextVar
from typing import Any, TextIO

import structlog
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    start_http_server,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
# A client's request id is kept only in this form (UUIDs, ULIDs and the usual tracing ids fit);
# anything else is replaced, so no client text reaches the logs or the subgraphs through it.
REQUEST_ID_FORMAT = re.compile(rb"[A-Za-z0-9._-]{1,64}")
request_id_var: ContextVar[str] = ContextVar("request_id", default="")
logger = structlog.get_logger("koko")


class _KokoHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The one handler Koko puts on the root logger (found again and replaced, never doubled;
    other handlers, e.g. pytest's, are left alone). Without a stream of its own it writes to
    whatever `sys.stdout` is at the time, as structlog's own lines do."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__(stream or sys.stdout)
        self._fixed = stream

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = self._fixed or sys.stdout
        super().emit(record)


def _renderer(*, json: bool, stream: TextIO) -> list[structlog.typing.Processor]:
    # Tracebacks without local variables: those hold request headers (tokens, API keys).
    # JSON lines carry the traceback as text (JSONRenderer alone would write `exc_info: true`).
    if json:
        return [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    # Colours only for a terminal: log files and pipes get plain text.
    colours = stream.isatty()
    formatter: Any = (
        structlog.dev.RichTracebackFormatter(show_locals=False, color_system="truecolor")
        if colours
        else structlog.dev.plain_traceback
    )
    return [structlog.dev.ConsoleRenderer(colors=colours, exception_formatter=formatter)]


def configure_logging(*, json: bool, service: str, stream: TextIO | None = None) -> None:
    """One structured logger for everything: structlog's own calls and every stdlib `logging`
    record (libraries, uvicorn, `logging.getLogger(...)` in Koko's modules) are rendered by the
    same processors, with the request id and service bound in context and `extra` fields as
    keys. JSON lines with `json`, else plain console lines (coloured only on a terminal)."""
    out = stream or sys.stdout
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, *_renderer(json=json, stream=out)],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=False,
    )
    handler = _KokoHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *_renderer(json=json, stream=out),
            ],
        )
    )
    root = logging.getLogger()
    for existing in [h for h in root.handlers if isinstance(h, _KokoHandler)]:
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # uvicorn's own loggers go through the same handler (see http.server: log_config=None).
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).propagate = True
    # One line per outgoing HTTP request (httpx logs each at INFO) would drown the rest.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    structlog.contextvars.bind_contextvars(service=service)


def configure_tracing(service: str, environ: Mapping[str, str] | None = None) -> bool:
    """Record and export spans only where the operator asks for them, with the standard variable
    `OTEL_TRACES_EXPORTER`: `otlp` (needs the `opentelemetry-exporter-otlp` package; endpoint and
    headers from the `OTEL_EXPORTER_OTLP_*` variables) or `console`. Otherwise the API's no-op
    provider stays and a span costs next to nothing. A provider installed before (e.g. by
    `opentelemetry-instrument`) is kept. True when this call installed one."""
    environ = os.environ if environ is None else environ
    wanted = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if wanted in ("", "none") or isinstance(trace.get_tracer_provider(), TracerProvider):
        return False
    exporter: SpanExporter
    if wanted == "console":
        exporter = ConsoleSpanExporter()
    elif wanted == "otlp":
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError:
            logger.warning(
                "OTEL_TRACES_EXPORTER=otlp, but opentelemetry-exporter-otlp is not installed: "
                "no traces are exported"
            )
            return False
        exporter = OTLPSpanExporter()
    else:
        logger.warning("unknown OTEL_TRACES_EXPORTER; no traces are exported", exporter=wanted)
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return True


class Metrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests",
            ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["service", "method", "route"],
            registry=self.registry,
        )
        self.service = service


class TelemetryMiddleware:
    """Pure ASGI: request id in and out, one access log line, metrics by route template."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(scope.get("headers") or ()) or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (REQUEST_ID_HEADER.encode(), request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unhandled error", path=scope.get("path"))
            raise
        finally:
            elapsed = time.perf_counter() - started
            template = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope.get("method", "")
            self.metrics.requests.labels(self.metrics.service, method, template, status).inc()
            self.metrics.latency.labels(self.metrics.service, method, template).observe(elapsed)
            if template not in ("/healthz", "/readyz", "/metrics"):
                logger.info(
                    "request",
                    method=method,
                    path=scope.get("path"),
                    status=status,
                    ms=round(elapsed * 1000, 2),
                )
            structlog.contextvars.unbind_contextvars("request_id")
            request_id_var.reset(token)


def accepted_request_id(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The client's `X-Request-Id` if it is exactly one header in REQUEST_ID_FORMAT, else None."""
    found = [value for name, value in headers if name.lower() == REQUEST_ID_HEADER.encode()]
    if len(found) == 1 and REQUEST_ID_FORMAT.fullmatch(found[0]):
        return found[0].decode("ascii")
    return None


def serve_metrics(registry: CollectorRegistry, *, host: str, port: int) -> None:
    """Serve `/metrics` on its own port (a thread of this process), apart from the service's
    public port: Prometheus scrapes it inside the deployment; clients never reach it."""
    try:
        start_http_server(port, addr=host, registry=registry)
    except OSError as exc:
        # The service itself still answers; Prometheus reports the target down.
        logger.error("metrics port unavailable", host=host, port=port, error=str(exc))
        return
    logger.info("metrics served", url=f"http://{host}:{port}/metrics")


def health_router(readiness: Callable[[], Awaitable[bool]]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz() -> JSONResponse:
        try:
            ready = await readiness()
        except Exception as exc:  # a dead database is "not ready", not a crash
            logger.warning("readiness check failed", error=str(exc))
            ready = False
        return JSONResponse(
            {"status": "ready" if ready else "not ready"}, status_code=200 if ready else 503
        )

    return router


def install_telemetry(
    app: FastAPI, *, service: str, readiness: Callable[[], Awaitable[bool]], json_logs: bool
) -> Metrics:
    configure_logging(json=json_logs, service=service)
    configure_tracing(service)
    metrics = Metrics(service)
    app.add_middleware(TelemetryMiddleware, metrics=metrics)
    app.include_router(health_router(readiness))
    return metrics
