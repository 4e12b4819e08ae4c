"""HTTP to subgraphs: one pooled httpx.AsyncClient per subgraph, timeouts, retries for queries,
and an OpenTelemetry span per fetch."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import orjson
from opentelemetry import propagate, trace

from koko_gateway.circuit_breaker import CircuitBreaker, CircuitOpen
from koko_gateway.execution.http import HttpPool, HttpTimeout, HttpTransportError
from koko_gateway.execution.inflight import InFlight
from koko_gateway.security.identity import current_actor, identity_headers
from koko_shared.errors import ErrorCode
from koko_shared.i18n import Message
from koko_shared.telemetry import REQUEST_ID_HEADER, request_id_var

tracer = trace.get_tracer("koko_gateway")
_RETRY_STATUS = {502, 503, 504}


def backoff_seconds(attempt: int) -> float:
    """The pause before retry number `attempt + 1` of a query: 50 ms, 100 ms, ..."""
    return 0.05 * (attempt + 1)


def overloaded(status: int, content: bytes) -> bool:
    """A subgraph's refusal of a crowd: 503 with the OVERLOADED code (its admission control or
    its database pool), as opposed to a subgraph that is down or not ready."""
    return status == 503 and b'"OVERLOADED"' in content


class SubgraphFetchError(Exception):
    """The subgraph could not be reached or did not answer with a GraphQL response. `message`
    reaches clients where subgraph failures are exposed: a catalogue `Message`, rendered in the
    request's language there (a plain text is shown as written)."""

    def __init__(
        self, message: str | Message, *, code: ErrorCode = ErrorCode.SUBGRAPH_UNAVAILABLE
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


class _Timeout(Exception):
    pass


class _Transport(Exception):
    pass


class SubgraphClient:
    # Set by the gateway (koko_gateway.circuit_breaker); None: always ask the subgraph.
    breaker: CircuitBreaker | None = None

    def __init__(
        self,
        name: str,
        url: str,
        *,
        timeout: float,
        retries: int,
        max_connections: int = 100,
        transport: httpx.AsyncBaseTransport | None = None,
        deduplicate: bool = True,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.name = name
        self.url = url
        self.retries = retries
        # The pause between retries; a test injects its own instead of waiting.
        self.sleep = sleep
        # Identical queries in flight at once are sent once (koko_gateway.execution.inflight).
        self.in_flight: InFlight | None = InFlight() if deduplicate else None
        # The lean keep-alive pool by default; httpx when a transport is injected (tests, or
        # an operator's custom transport).
        self.pool: HttpPool | None = None
        self.client: httpx.AsyncClient | None = None
        if transport is None:
            self.pool = HttpPool(url, timeout=timeout, max_connections=max_connections)
        else:
            self.client = httpx.AsyncClient(
                timeout=httpx.Timeout(timeout),
                limits=httpx.Limits(
                    max_connections=max_connections, max_keepalive_connections=max_connections
                ),
                transport=transport,
            )

    async def aclose(self) -> None:
        if self.pool is not None:
            self.pool.close_connections()
        if self.client is not None:
            await self.client.aclose()

    async def _post(
        self, body: bytes, headers: dict[str, str], *, retry_stale: bool
    ) -> tuple[int, bytes]:
        """(status, content); raises SubgraphTimeout / SubgraphTransportError."""
        if self.pool is not None:
            try:
                response = await self.pool.post(body, headers, retry_stale=retry_stale)
            except HttpTimeout as exc:
                raise _Timeout from exc
            except HttpTransportError as exc:
                raise _Transport(str(exc)) from exc
            return response.status_code, response.content
        assert self.client is not None
        try:
            answer = await self.client.post(self.url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise _Timeout from exc
        except httpx.TransportError as exc:
            raise _Transport(type(exc).__name__) from exc
        return answer.status_code, answer.content

    async def request(
        self,
        operation: str,
        variables: dict[str, Any],
        headers: dict[str, str],
        *,
        operation_name: str | None = None,
        retryable: bool,
    ) -> dict[str, Any]:
        body = orjson.dumps({"query": operation, "variables": variables})
        request_headers = {"content-type": "application/json", "accept": "application/json"}
        request_headers.update(headers)
        request_headers.update(identity_headers(self.name))
        request_id = request_id_var.get()
        if request_id:
            request_headers[REQUEST_ID_HEADER] = request_id
        attempts = 1 + (self.retries if retryable else 0)
        if self.breaker is not None:
            try:
                self.breaker.before_request()
            except CircuitOpen as exc:
                raise SubgraphFetchError(exc.message, code=ErrorCode.SERVICE_UNAVAILABLE) from exc
        if self.in_flight is not None and retryable:
            # Queries only: a mutation is never answered by another caller's exchange.
            key = (body, current_actor(), tuple(sorted(headers.items())))
            status, content = await self.in_flight.join(
                key, lambda: self._exchange(body, request_headers, attempts, operation_name)
            )
        else:
            status, content = await self._exchange(
                body, request_headers, attempts, operation_name, retry_stale=retryable
            )
        if overloaded(status, content):
            raise SubgraphFetchError(
                Message(
                    "subgraph '{service}' is at capacity; try again in a moment", service=self.name
                ),
                code=ErrorCode.OVERLOADED,
            )
        return self._payload(status, content)

    async def _exchange(
        self,
        body: bytes,
        request_headers: dict[str, str],
        attempts: int,
        operation_name: str | None,
        *,
        retry_stale: bool = True,
    ) -> tuple[int, bytes]:
        """Send the fetch (with its retries) and return (status, content)."""
        with tracer.start_as_current_span(
            "subgraph.fetch",
            kind=trace.SpanKind.CLIENT,
            attributes={
                "graphql.subgraph": self.name,
                "graphql.operation.name": operation_name or "",
                "server.address": self.url,
            },
        ) as span:
            propagate.inject(request_headers)
            status, content = 0, b""
            for attempt in range(attempts):
                try:
                    status, content = await self._post(
                        body, request_headers, retry_stale=retry_stale
                    )
                except _Timeout as exc:
                    # Not retried: a second full timeout would double the client's wait.
                    span.set_attribute("error.type", "timeout")
                    if self.breaker is not None:
                        self.breaker.record_failure()
                    raise SubgraphFetchError(
                        Message("subgraph '{service}' timed out", service=self.name)
                    ) from exc
                except _Transport as exc:
                    if attempt + 1 < attempts:
                        await self.sleep(backoff_seconds(attempt))
                        continue
                    span.set_attribute("error.type", str(exc) or "transport")
                    if self.breaker is not None:
                        self.breaker.record_failure()
                    raise SubgraphFetchError(
                        Message("subgraph '{service}' is unreachable", service=self.name)
                    ) from exc
                # A subgraph at capacity is not asked again at once: that would double the crowd.
                if (
                    status in _RETRY_STATUS
                    and attempt + 1 < attempts
                    and not overloaded(status, content)
                ):
                    await self.sleep(backoff_seconds(attempt))
                    continue
                break
            span.set_attribute("http.response.status_code", status)
            # Any answer, OVERLOADED ones too, shows the subgraph is up: the circuit opens on
            # timeouts and unreachable subgraphs only, never on a crowd the subgraph sheds.
            if self.breaker is not None:
                self.breaker.record_success()
            return status, content

    def _payload(self, status: int, content: bytes) -> dict[str, Any]:
        try:
            payload = orjson.loads(content)
        except orjson.JSONDecodeError as exc:
            raise SubgraphFetchError(
                Message(
                    "subgraph '{service}' answered HTTP {status} without JSON",
                    service=self.name,
                    status=status,
                )
            ) from exc
        if not isinstance(payload, dict) or ("data" not in payload and "errors" not in payload):
            raise SubgraphFetchError(
                Message(
                    "subgraph '{service}' answered HTTP {status} without a GraphQL response",
                    service=self.name,
                    status=status,
                )
            )
        return payload
