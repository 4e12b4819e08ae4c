"""Admission control: a service serves at most `limit` requests at once, lets a few more wait a
short moment for a free place, and refuses the rest at once with 503 OVERLOADED and Retry-After.

Under a crowd a service without it takes every request, and each gets a smaller share of the CPU
and the database connections: all of them get slow, then time out, and the work done for them is
lost (issue 18: 4.4 % answered at 200 clients). With it the requests that are admitted are served
about as fast as without a crowd, and the excess is told to come back in a second.

The limit is fixed (subgraphs: their database pool, pool size + overflow, so an admitted request
never waits for a connection) or adaptive (`LatencyLimit`, koko_shared.http.latency_limit: it
holds the concurrency at which requests take at most 1.7x their time alone; the gateway, which
cannot know what the machine behind it can take).

A request waits for a place only when the queue ahead of it would drain within the queue deadline
(its length times the usual time of a request over the limit); otherwise it is refused at once: a
refusal that waits the whole deadline first costs the client that long and the service its CPU
for nothing. (Shedding by the queue's delay rather than its length is CoDel's idea, which
Facebook's servers apply to their request queues.) Under overload, when the queue has not been
empty for a whole deadline, the queue serves the newest first (Facebook's adaptive LIFO, "Fail at
Scale"): a freed place goes to the request that has waited least, so an answered request carries
almost no queue wait, a newcomer is admitted to the queue even when the waiters ahead would not
drain in time (it is served first), and the oldest waiters are the ones refused, at their
deadline or when the queue is full.

`AdmissionGuard` is the pure ASGI middleware, meant to be the outermost layer so that a refusal
costs no telemetry, access log or body parse; health, readiness, metrics and CORS preflights
always pass, and so do the paths a service exempts (bulk uploads: their body trickles in without
a connection held, koko_shared.database.engine.brief_session, and their pool wait is bounded by
the pool timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from koko_shared.database.availability import OVERLOADED_MESSAGE, OVERLOADED_RETRY_AFTER_SECONDS
from koko_shared.errors import PROBLEM_JSON, ErrorCode, problem_bytes
from koko_shared.http.latency_limit import LatencyLimit
from koko_shared.settings import ServiceSettings

UNGUARDED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# The adaptive limit of a service never goes below this many requests at once (4 held the load
# benchmark's machine at saturation, 2.7x the unloaded p95; two requests at once got 92 % of
# its peak at 1.5x).
MIN_ADAPTIVE_LIMIT = 2
# A refusal is answered no sooner than this after the request arrived (well within the 100 ms
# the issue allows): a refused client that asks again at once is slowed to 50 requests a second.
REFUSAL_DELAY_SECONDS = 0.02
# A cold adaptive limit (nothing measured yet) admits this many at once: a burst of a page's
# requests, or of requests that all wait on one slow dependency (a JWKS fetch), is not shed
# before the limit has learnt anything; a crowd brings it down within a few hundred answers.
INITIAL_ADAPTIVE_LIMIT = 100
# ... and once the first requests are answered, at most this many, or twice as many as they were.
WARM_ADAPTIVE_LIMIT = 20


class Refused(Exception):
    """No place came free within the queue deadline (or the queue was full)."""


class ConcurrencyLimiter:
    """At most `limit` holders at once (or what `adaptive` says); up to `queue_size` callers
    wait at most `queue_seconds` for a place, in arrival order, or newest first while the queue
    has not been empty for `queue_seconds` (overload); everyone else is refused."""

    def __init__(
        self,
        limit: int,
        *,
        queue_size: int,
        queue_seconds: float,
        adaptive: LatencyLimit | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fixed_limit = limit
        self.queue_size = queue_size
        self.queue_seconds = queue_seconds
        self.adaptive = adaptive
        self.clock = clock
        self.in_flight = 0
        self.refused = 0
        # Moving average of the time an answered request holds its place (0: none yet).
        self.service_seconds = 0.0
        self._waiters: deque[asyncio.Future[None]] = deque()
        # When the queue last went from empty to not empty (None: empty).
        self._queued_since: float | None = None

    @property
    def limit(self) -> int:
        return self.adaptive.limit if self.adaptive is not None else self.fixed_limit

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    async def acquire(self) -> float:
        """Wait for a place; returns the time it was taken (for `release`). Raises Refused."""
        if self.in_flight < self.limit and not self._waiters:
            self.in_flight += 1
            return self.clock()
        if self.overloaded():
            # Newest first: this one is served next unless a place takes longer than the
            # deadline to come free; a full queue gives up its oldest waiter for it.
            if not self.drains_in_time(ahead=0):
                self.refused += 1
                raise Refused
            if len(self._waiters) >= self.queue_size:
                self._refuse(self._waiters[0])
        elif len(self._waiters) >= self.queue_size or not self.drains_in_time():
            self.refused += 1
            raise Refused
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        if not self._waiters:
            self._queued_since = self.clock()
        self._waiters.append(waiter)
        expiry = loop.call_later(self.queue_seconds, self._expire, waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            # The caller went away: give back a place handed over in the same instant.
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self.release(None)
            else:
                self._forget(waiter)
            raise
        finally:
            expiry.cancel()
        return self.clock()

    def drains_in_time(self, ahead: int | None = None) -> bool:
        """Whether one more waiter, behind `ahead` others (default: all waiting), would likely
        get a place within `queue_seconds`: places come free at about `limit /
        service_seconds` per second (unknown before the first answer)."""
        if self.service_seconds == 0.0:
            return True
        ahead = len(self._waiters) if ahead is None else ahead
        expected = (ahead + 1) * self.service_seconds / max(1, self.limit)
        return expected <= self.queue_seconds

    def overloaded(self) -> bool:
        """Whether the queue has not been empty for a whole queue deadline (CoDel's standing
        queue): then it serves the newest first."""
        since = self._queued_since
        return since is not None and self.clock() - since >= self.queue_seconds

    def release(self, taken: float | None, *, answered: bool = True) -> None:
        """Give the place back; an `answered` request's time feeds the adaptive limit."""
        if taken is not None and answered:
            seconds = self.clock() - taken
            if self.service_seconds == 0.0:
                self.service_seconds = seconds
            else:
                self.service_seconds += 0.05 * (seconds - self.service_seconds)
            if self.adaptive is not None:
                self.adaptive.sample(seconds, self.in_flight)
        self.in_flight -= 1
        newest_first = self.overloaded()
        while self._waiters and self.in_flight < self.limit:
            waiter = self._waiters.pop() if newest_first else self._waiters.popleft()
            if not waiter.done():
                self.in_flight += 1
                waiter.set_result(None)
        if not self._waiters:
            self._queued_since = None

    def _expire(self, waiter: asyncio.Future[None]) -> None:
        if not waiter.done():
            self._refuse(waiter)

    def _refuse(self, waiter: asyncio.Future[None]) -> None:
        self._forget(waiter)
        if not waiter.done():  # (a cancelled one is forgotten by its caller too)
            self.refused += 1
            waiter.set_exception(Refused())

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        with contextlib.suppress(ValueError):
            self._waiters.remove(waiter)
        if not self._waiters:
            self._queued_since = None


def limiter_from_settings(settings: ServiceSettings, default_limit: int) -> ConcurrencyLimiter:
    """The limiter `settings` ask for; `default_limit` when `max_concurrent_requests` is 0."""
    limit = settings.max_concurrent_requests or default_limit
    adaptive = None
    if settings.adaptive_concurrency:
        # Starts high (INITIAL_ADAPTIVE_LIMIT): a burst is not shed before the limit has learnt
        # anything. It comes down only while requests overlap and take longer than its target,
        # so a noisy neighbour slowing requests that run alone does not shrink it.
        adaptive = LatencyLimit(
            min(limit, INITIAL_ADAPTIVE_LIMIT),
            min_limit=min(limit, MIN_ADAPTIVE_LIMIT),
            max_limit=limit,
            warm=min(limit, WARM_ADAPTIVE_LIMIT),
        )
    return ConcurrencyLimiter(
        limit,
        queue_size=max(limit, 16),
        queue_seconds=settings.admission_queue_seconds,
        adaptive=adaptive,
    )


Renderer = Callable[[int, str, str], bytes]


def render_overloaded(status: int, code: str, message: str) -> bytes:
    """A problem (RFC 9457) that a GraphQL client reads too (`errors`)."""
    return problem_bytes(
        status,
        ErrorCode(code),
        message,
        errors=[
            {
                "message": message,
                "extensions": {"code": code, "retryAfterSeconds": OVERLOADED_RETRY_AFTER_SECONDS},
            }
        ],
    )


class AdmissionGuard:
    """Pure ASGI: every request but health, readiness and metrics holds a place of `limiter`
    while it is served; without one it is answered 503 OVERLOADED with Retry-After at once."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limiter: ConcurrencyLimiter,
        exempt: Callable[[str], bool] = lambda path: False,
        render: Renderer = render_overloaded,
        content_type: str = PROBLEM_JSON,
        refusal_headers: Callable[[Scope], list[tuple[bytes, bytes]]] = lambda scope: [],
        refusal_delay: float = REFUSAL_DELAY_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.exempt = exempt
        self.render = render
        self.content_type = content_type
        # Headers the layers inside would have added to the refusal (the gateway's CORS).
        self.refusal_headers = refusal_headers
        self.refusal_delay = refusal_delay
        self.sleep = sleep

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or path in UNGUARDED_PATHS
            or scope.get("method") == "OPTIONS"
            or self.exempt(path)
        ):
            await self.app(scope, receive, send)
            return
        asked = self.limiter.clock()
        try:
            taken = await self.limiter.acquire()
        except Refused:
            waited = self.limiter.clock() - asked
            if waited < self.refusal_delay:
                # A timer, no CPU: a client that asks again at once (ignoring Retry-After)
                # cannot make the service spin on refusals.
                await self.sleep(self.refusal_delay - waited)
            await self._refuse(scope, send)
            return
        status = 0

        async def watching(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watching)
        finally:
            # Only answers that did the work say how long the work takes.
            self.limiter.release(taken, answered=status < 500)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = self.render(503, ErrorCode.OVERLOADED.value, OVERLOADED_MESSAGE)
        headers = [
            (b"content-type", self.content_type.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(OVERLOADED_RETRY_AFTER_SECONDS).encode()),
            (b"cache-control", b"no-store"),
            *self.refusal_headers(scope),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
