"""Prometheus metrics of the gateway (issue 12): per subgraph fetch (latency histogram, outcome,
errors by code) and per operation name. Label values are bounded: operation names and error
codes beyond a fixed number of distinct values are counted as "other" / "OTHER", so a client
cannot grow the time series without limit."""

from __future__ import annotations

import re
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram

from koko_gateway.execution.fetcher import SubgraphClient, SubgraphFetchError
from koko_shared.errors import ErrorCode

MAX_OPERATION_NAMES = 200
MAX_ERROR_CODES = 50
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,47}")
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class _Bounded:
    """The first `limit` distinct values pass; later new ones become `other`."""

    def __init__(self, limit: int, pattern: re.Pattern[str], other: str) -> None:
        self.limit = limit
        self.pattern = pattern
        self.other = other
        self.seen: set[str] = set()

    def __call__(self, value: str) -> str:
        if value in self.seen:
            return value
        if not self.pattern.fullmatch(value) or len(self.seen) >= self.limit:
            return self.other
        self.seen.add(value)
        return value


class GatewayMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.fetch_seconds = Histogram(
            "koko_gateway_subgraph_fetch_seconds",
            "Time of one fetch from a subgraph, by outcome (ok, errors, timeout, unreachable, "
            "circuit_open).",
            ["subgraph", "outcome"],
            buckets=_BUCKETS,
            registry=registry,
        )
        self.fetch_errors = Counter(
            "koko_gateway_subgraph_errors_total",
            "Errors of subgraph fetches by code: GraphQL error codes the subgraph sent, and "
            "TIMEOUT, SUBGRAPH_UNAVAILABLE, SERVICE_UNAVAILABLE (circuit open) for failed fetches.",
            ["subgraph", "code"],
            registry=registry,
        )
        self.operation_seconds = Histogram(
            "koko_gateway_operation_seconds",
            "Time of one GraphQL request at the gateway, by operation name.",
            ["operation", "outcome"],
            buckets=_BUCKETS,
            registry=registry,
        )
        self.fetches_shared = Counter(
            "koko_gateway_subgraph_fetches_shared_total",
            "Subgraph fetches not sent because an identical query was already in flight "
            "(answered by that exchange).",
            ["subgraph"],
            registry=registry,
        )
        self._operation = _Bounded(MAX_OPERATION_NAMES, _NAME, "other")
        self._code = _Bounded(MAX_ERROR_CODES, _CODE, "OTHER")

    def fetched(self, subgraph: str, seconds: float, payload: dict[str, Any]) -> None:
        errors = [e for e in payload.get("errors") or () if isinstance(e, dict)]
        self.fetch_seconds.labels(subgraph, "errors" if errors else "ok").observe(seconds)
        for err in errors:
            extensions = err.get("extensions")
            code = extensions.get("code") if isinstance(extensions, dict) else None
            self.fetch_errors.labels(subgraph, self._code(str(code or "UNCODED"))).inc()

    def failed(self, subgraph: str, seconds: float, error: SubgraphFetchError) -> None:
        code: str  # an ErrorCode, or the metric's own TIMEOUT label
        if error.code == ErrorCode.SERVICE_UNAVAILABLE:
            outcome, code = "circuit_open", ErrorCode.SERVICE_UNAVAILABLE
        elif "timed out" in str(error):
            outcome, code = "timeout", "TIMEOUT"
        else:
            outcome, code = "unreachable", error.code
        self.fetch_seconds.labels(subgraph, outcome).observe(seconds)
        self.fetch_errors.labels(subgraph, code).inc()

    def operation(
        self, name: str | None, seconds: float, status: int, body: dict[str, Any]
    ) -> None:
        label = self._operation(name) if name else "anonymous"
        if status != 200:
            outcome = "refused"
        elif body.get("errors"):
            outcome = "partial" if body.get("data") else "failed"
        else:
            outcome = "ok"
        self.operation_seconds.labels(label, outcome).observe(seconds)


class MeasuredClient:
    """A subgraph client whose fetches are measured; everything else is the client's."""

    def __init__(self, client: SubgraphClient, metrics: GatewayMetrics) -> None:
        self.client = client
        self.metrics = metrics
        if client.in_flight is not None:
            client.in_flight.on_shared = metrics.fetches_shared.labels(client.name).inc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    async def request(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            payload = await self.client.request(*args, **kwargs)
        except SubgraphFetchError as exc:
            self.metrics.failed(self.client.name, time.perf_counter() - started, exc)
            raise
        self.metrics.fetched(self.client.name, time.perf_counter() - started, payload)
        return payload
