"""Admission control: a service serves at most `limit` requests at once, lets a few more wait a
short moment for a free place, and refuses the rest at once with 503 OVERLOADED and Retry-After.

Under a crowd a service without it takes every request, and each gets a smaller share of the CPU
and the database connections: all of them get slow, then time out, and the work done for them is
lost (issue 18: 4.4 % answered at 200 clients). With it the requests that are admitted are served
about as fast as without a crowd, and the excess is told to come back in a second.

The limit is fixed (subgraphs: their database pool, pool size + overflow, so an admitted request
never waits for a connection) or adaptive (`GradientLimit`, after Netflix's concurrency-limits
Gradient2: it shrinks when requests take longer than usual and grows back when they do not; the
gateway, which cannot know what the machine behind it can take).

A request waits for a place only when the queue ahead of it would drain within the queue deadline
(its length times the usual time of a request over the limit); otherwise it is refused at once: a
refusal that waits the whole deadline first costs the client that long and the service its CPU
for nothing. Only a standing queue is overload (koko_shared.http.codel, after CoDel and
Facebook's adaptive LIFO): one that empties within 100 ms is a burst, served in order with the
full queue deadline and at least MIN_ADAPTIVE_LIMIT at once; while the queue stands (and for the
Retry-After second after a refusal), an adaptive limit may fall to OVERLOAD_MIN_LIMIT (answered
requests keep close to their unloaded time), the newest waiter is served first and a waiter is
refused after OVERLOAD_QUEUE_SECONDS, CoDel's 5 ms target, or after the time in which the next
place usually comes free if that is longer (its answer still leaves no sooner than
REFUSAL_DELAY_SECONDS after it arrived).

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

from koko_shared.database.availability import OVERLOADED_RETRY_AFTER_SECONDS, overloaded_message
from koko_shared.errors import PROBLEM_JSON, ErrorCode, problem_bytes
from koko_shared.http.codel import STANDING_INTERVAL_SECONDS, QueueState
from koko_shared.http.refusal_language import accept_language
from koko_shared.settings import ServiceSettings

UNGUARDED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# The adaptive limit of a service never goes below this many requests at once while its queue is
# a burst (codel.QueueState) ...
MIN_ADAPTIVE_LIMIT = 4
# ... and below this many while the queue stands (overload): on the load benchmark's 2-core
# machine two searches at once take 1.5x the time of one, four 2.7x.
OVERLOAD_MIN_LIMIT = 2
# While the queue stands, a waiter gets a place within this (CoDel's target delay, Facebook's 5 ms
# under overload), or within the time in which the next place usually comes free if that is
# longer, or is refused: an answered request then waits little more than the machine's own
# overlap makes it, and the newest waiters still fill every place that comes free (it was 20 ms,
# the refusal's own delay: docs/benchmarks.md, "Under a crowd: the overload held, waiters served
# within 5 ms"; the next place: "Under a crowd: a waiter waits for the next place").
OVERLOAD_QUEUE_SECONDS = 0.005
# A refusal is answered no sooner than this after the request arrived (well within the 100 ms
# the issue allows): a refused client that asks again at once is slowed to 50 requests a second.
REFUSAL_DELAY_SECONDS = 0.02
# A cold adaptive limit (nothing measured yet) admits this many at once: a burst of a page's
# requests, or of requests that all wait on one slow dependency (a JWKS fetch), is not shed
# before the limit has learnt anything; a crowd brings it down within a few hundred answers.
INITIAL_ADAPTIVE_LIMIT = 100
# ... and once the first requests are answered, at most this many, or twice as many as they were.
WARM_ADAPTIVE_LIMIT = 20


# The adaptive limit is recomputed every this many answered requests. It was every ten: the mean
# of ten varied searches (p95 1.6x the p50) is mostly noise, and a limit recomputed 25 times a
# second on it moved between 2 and 5 under a crowd. Each dip turned a client away for its
# Retry-After second, and the place it left stayed empty until another came back: the gateway
# held 2.2-2.5 requests on average under a limit of 3 (docs/benchmarks.md, "Under a crowd: one
# offers worker per core, a steadier limit").
WINDOW_ANSWERS = 40


class Refused(Exception):
    """No place came free within the queue deadline (or the queue was full)."""


class GradientLimit:
    """An adaptive concurrency limit. Every `window` answered requests, the average time of the
        window (short) is compared with the usual time (long: a moving average that follows faster
    times soon and slower ones slowly, hardly at all while a crowd fills the places):

            gradient = clamp(tolerance * long / short, 0.5, 1)
            limit = (1 - smoothing) * limit + smoothing * limit * (gradient + headroom)

        so the limit grows by `headroom` of itself while requests take their usual time (only while
        at least half of the places are used: otherwise nothing says more would be as fast), and
        shrinks while they queue somewhere (CPU, pool, a subgraph). It settles where the gradient is
        1 - headroom, i.e. where requests take `tolerance / (1 - headroom)` times their usual time
        (1.33 with the defaults; 1.67 with the tolerance of 1.25 it had first, which settled
        above the saturating concurrency of the load benchmark), whatever the limit: a machine
        saturated by one request gets a limit near one, a large one a large limit. (Netflix's
        Gradient2 adds a fixed queue of 4 instead, which holds at least 8 requests however slow
        they get.)"""

    def __init__(
        self,
        initial: int,
        *,
        min_limit: int = 1,
        max_limit: int = 1000,
        tolerance: float = 1.0,
        headroom: float = 0.25,
        smoothing: float = 0.5,
        window: int = WINDOW_ANSWERS,
        long_samples: int = 600,
        warm: int | None = None,
    ) -> None:
        self.value = float(max(min_limit, min(initial, max_limit)))
        # After the first window a cold `initial` limit (a guess) comes down to `warm`, or to
        # twice what that window used if more: a first burst keeps its places, a quiet start
        # does not leave a crowd 100 places to fill while the limit learns (None: stays).
        self.warm = warm
        self.min_limit = min_limit
        self.max_limit = max_limit
        self.tolerance = tolerance
        self.headroom = headroom
        self.smoothing = smoothing
        self.window = window
        self.long_factor = 2.0 / (long_samples + 1)
        self.long_rtt = 0.0
        self._sum = 0.0
        self._count = 0
        self._busiest = 0

    @property
    def limit(self) -> int:
        return int(self.value)

    def sample(self, seconds: float, in_flight: int) -> None:
        """One answered request that took `seconds` with `in_flight` requests admitted."""
        self._sum += seconds
        self._count += 1
        self._busiest = max(self._busiest, in_flight)
        if self._count < self.window:
            return
        short = self._sum / self._count
        busiest = self._busiest
        self._sum, self._count, self._busiest = 0.0, 0, 0
        if self.long_rtt == 0.0:
            self.long_rtt = short
            if self.warm is not None:
                warm = max(self.warm, 2 * busiest, self.min_limit)
                self.value = min(self.value, float(warm))
            return
        crowded = busiest >= self.value / 2
        if short < self.long_rtt:
            # Faster than usual (a warm cache, a lighter mix): learnt soon.
            self.long_rtt += 0.05 * (short - self.long_rtt)
        else:
            # Slower: learnt slowly, ten times slower still while a crowd fills the places (a
            # crowd must not become the usual time, or the limit would creep up with it).
            factor = self.long_factor / 10 if crowded else self.long_factor
            self.long_rtt += factor * (short - self.long_rtt)
        gradient = max(0.5, min(1.0, self.tolerance * self.long_rtt / short))
        if not crowded and gradient + self.headroom >= 1.0:
            # With places to spare, no sign that more would be fast too: no growth (a slower
            # time still brings the limit down).
            return
        target = self.value * (gradient + self.headroom)
        value = (1 - self.smoothing) * self.value + self.smoothing * target
        self.value = max(float(self.min_limit), min(value, float(self.max_limit)))


class ConcurrencyLimiter:
    """At most `limit` holders at once (or what `adaptive` says); up to `queue_size` callers
    wait for a place; everyone else is refused. While the queue is a burst (codel.QueueState)
    waiters are served in arrival order within `queue_seconds`, and an adaptive limit stays at
    `burst_floor` or more; while it stands (overload), the adaptive limit may fall to its own
    floor, the newest waiter is served first and waiters are refused after
    `overload_queue_seconds`."""

    def __init__(
        self,
        limit: int,
        *,
        queue_size: int,
        queue_seconds: float,
        adaptive: GradientLimit | None = None,
        burst_floor: int = 0,
        overload_queue_seconds: float = OVERLOAD_QUEUE_SECONDS,
        interval: float = STANDING_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fixed_limit = limit
        self.queue_size = queue_size
        self.queue_seconds = queue_seconds
        self.overload_queue_seconds = min(overload_queue_seconds, queue_seconds)
        self.adaptive = adaptive
        self.burst_floor = burst_floor
        self.clock = clock
        # A refused client was told to come back after Retry-After: the overload lasts till then.
        self.queue = QueueState(
            interval=interval, refusal_hold=OVERLOADED_RETRY_AFTER_SECONDS, clock=clock
        )
        self.in_flight = 0
        self.refused = 0
        # Moving average of the time an answered request holds its place (0: none yet).
        self.service_seconds = 0.0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def limit(self) -> int:
        if self.adaptive is None:
            return self.fixed_limit
        if self.queue.overloaded:
            return self.adaptive.limit
        return max(self.adaptive.limit, self.burst_floor)

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    @property
    def overloaded(self) -> bool:
        return self.queue.overloaded

    async def acquire(self) -> float:
        """Wait for a place; returns the time it was taken (for `release`). Raises Refused."""
        overloaded = self.queue.observe(len(self._waiters))
        if self.in_flight < self.limit and not self._waiters:
            self.in_flight += 1
            return self.clock()
        # Under overload the newest waiter is served first and the wait is short: no need to
        # guess whether the queue drains in time.
        if len(self._waiters) >= self.queue_size or not (overloaded or self.drains_in_time()):
            self._refuse()
            raise Refused
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiters.append(waiter)
        self.queue.observe(len(self._waiters))
        deadline = self.overload_deadline() if overloaded else self.queue_seconds
        expiry = loop.call_later(deadline, self._expire, waiter)
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

    def overload_deadline(self) -> float:
        """How long a waiter may wait under overload: `overload_queue_seconds`, or the time in
        which the next place usually comes free (`service_seconds / limit`) if longer, within
        `queue_seconds`. With searches of 25 ms at two at once a place comes free every 12 ms:
        a waiter refused after 5 ms leaves the place that comes free a few milliseconds later
        empty until the next request arrives (docs/benchmarks.md, "Under a crowd: a waiter
        waits for the next place")."""
        return min(self.queue_seconds, max(self.overload_queue_seconds, self.turn_seconds))

    @property
    def turn_seconds(self) -> float:
        """How often a place usually comes free: `limit` places, each held `service_seconds`
        (0 before the first answer)."""
        return self.service_seconds / max(1, self.limit)

    def drains_in_time(self) -> bool:
        """Whether one more waiter would likely get a place within `queue_seconds`: a place
        comes free about every `turn_seconds` (unknown before the first answer)."""
        if self.service_seconds == 0.0:
            return True
        return (len(self._waiters) + 1) * self.turn_seconds <= self.queue_seconds

    def release(self, taken: float | None, *, answered: bool = True) -> None:
        """Give the place back; an `answered` request's time feeds the adaptive limit."""
        if taken is not None and answered:
            seconds = self.clock() - taken
            if self.service_seconds == 0.0:
                self.service_seconds = seconds
            else:
                self.service_seconds += 0.05 * (seconds - self.service_seconds)
            self.queue.follow(self.service_seconds)
            if self.adaptive is not None:
                self.adaptive.sample(seconds, self.in_flight)
        self.in_flight -= 1
        overloaded = self.queue.observe(len(self._waiters))
        limit = self.limit
        while self._waiters and self.in_flight < limit:
            # Adaptive LIFO: under overload the oldest waiter is the one least likely to be
            # served within its deadline; the newest has waited least.
            waiter = self._waiters.pop() if overloaded else self._waiters.popleft()
            if not waiter.done():
                self.in_flight += 1
                waiter.set_result(None)
        self.queue.observe(len(self._waiters))

    def _refuse(self) -> None:
        self.refused += 1
        self.queue.refused()

    def _expire(self, waiter: asyncio.Future[None]) -> None:
        if not waiter.done():
            self._forget(waiter)
            self._refuse()
            waiter.set_exception(Refused())

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        with contextlib.suppress(ValueError):
            self._waiters.remove(waiter)
        self.queue.observe(len(self._waiters))


def limiter_from_settings(settings: ServiceSettings, default_limit: int) -> ConcurrencyLimiter:
    """The limiter `settings` ask for; `default_limit` when `max_concurrent_requests` is 0."""
    limit = settings.max_concurrent_requests or default_limit
    adaptive = None
    if settings.adaptive_concurrency:
        # Starts high (INITIAL_ADAPTIVE_LIMIT) and never refuses a handful of requests at once:
        # a noisy neighbour slowing the machine must not turn a few clients away.
        adaptive = GradientLimit(
            min(limit, INITIAL_ADAPTIVE_LIMIT),
            min_limit=min(limit, OVERLOAD_MIN_LIMIT),
            max_limit=limit,
            warm=min(limit, WARM_ADAPTIVE_LIMIT),
        )
    return ConcurrencyLimiter(
        limit,
        queue_size=max(limit, 16),
        queue_seconds=settings.admission_queue_seconds,
        adaptive=adaptive,
        burst_floor=min(limit, MIN_ADAPTIVE_LIMIT),
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
        message, language = overloaded_message(accept_language(scope))
        body = self.render(503, ErrorCode.OVERLOADED.value, message)
        headers = [
            (b"content-type", self.content_type.encode()),
            (b"content-language", language.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(OVERLOADED_RETRY_AFTER_SECONDS).encode()),
            (b"cache-control", b"no-store"),
            *self.refusal_headers(scope),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
