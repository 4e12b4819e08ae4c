"""Per-client rate limits, the same at the gateway and at every subgraph.

A sliding window counter of `per_minute` requests per client key (`client_key`: the actor when
authenticated, the token's hash for an unverified one, else the address). With `redis_url` every
replica and service counts in the same Redis (the `limits` library's sliding window counter), so
N replicas share one budget; without it each process counts in its own memory (`MemoryWindows`:
the same arithmetic, constant time per request, at most `max_clients` clients remembered).

When Redis fails, the limiter falls over to its own memory for `redis_retry_seconds` and then
tries Redis again: each replica then enforces the limit alone (N replicas allow N times the
budget while Redis is down), which keeps the service up and still bounds every client, instead
of refusing everyone (fail closed) or no one (fail open). The switch is logged.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable

from limits import RateLimitItemPerMinute
from limits.aio.storage import RedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from koko_shared.auth.actor import Actor
from koko_shared.telemetry import logger

KEY_PREFIX = "koko-rate"
WINDOW_SECONDS = 60.0


def client_key(actor: Actor, authorization: str | None, address: str) -> str:
    """The budget a request counts against: the actor for authenticated calls, the token (hashed)
    for credentials that were not verified, the address for everything else."""
    if not actor.is_public:
        return "actor:" + actor.subject
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:16]
    return "ip:" + address


class MemoryWindows:
    """Sliding window counters in this process: the count of the current minute plus the previous
    minute's weighted by how much of it still overlaps the last 60 seconds. The least recently
    seen clients are forgotten beyond `max_clients` (a forgotten client starts afresh)."""

    def __init__(
        self,
        per_minute: int,
        *,
        max_clients: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self.clock = clock
        # key -> (start of the current window, its count, the previous window's count)
        self._windows: OrderedDict[str, tuple[float, int, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._windows)

    def ask(self, key: str, *, count: bool, now: float | None = None) -> float:
        now = self.clock() if now is None else now
        start, current, previous = self._windows.pop(key, (now, 0, 0))
        elapsed = now - start
        if elapsed >= 2 * WINDOW_SECONDS:
            start, current, previous = now, 0, 0
        elif elapsed >= WINDOW_SECONDS:
            start, current, previous = start + WINDOW_SECONDS, 0, current
        overlap = 1 - (now - start) / WINDOW_SECONDS
        used = previous * overlap + current
        wait = 0.0
        if used + 1 > self.per_minute:
            # The previous window's weight falls as time passes; without one, the next window.
            wait = (
                WINDOW_SECONDS * (used + 1 - self.per_minute) / previous
                if previous
                else start + WINDOW_SECONDS - now
            )
            wait = max(1.0, math.ceil(min(wait, start + WINDOW_SECONDS - now + WINDOW_SECONDS)))
        elif count:
            current += 1
        self._windows[key] = (start, current, previous)
        while len(self._windows) > self.max_clients:
            self._windows.popitem(last=False)
        return wait


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        *,
        redis_url: str = "",
        redis_timeout_seconds: float = 0.25,
        redis_retry_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`clock` is the monotonic time of the in-memory windows and of the Redis retry pause
        (tests move it); Redis's own windows run on the wall clock of the Redis server."""
        self.per_minute = per_minute
        self.clock = clock
        self.memory = MemoryWindows(max(1, per_minute), clock=clock)
        self.item = RateLimitItemPerMinute(max(1, per_minute))
        self.redis: SlidingWindowCounterRateLimiter | None = None
        if redis_url and self.enabled:
            uri = "async+" + redis_url if not redis_url.startswith("async+") else redis_url
            storage = RedisStorage(
                uri,
                implementation="redispy",
                key_prefix=KEY_PREFIX,
                wrap_exceptions=True,
                socket_timeout=redis_timeout_seconds,
                socket_connect_timeout=redis_timeout_seconds,
            )
            self.redis = SlidingWindowCounterRateLimiter(storage)
        self.redis_retry_seconds = redis_retry_seconds
        self._redis_down_until = 0.0

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    @property
    def shared(self) -> bool:
        """True while the limit is counted in Redis (configured and reachable)."""
        return self.redis is not None and self.clock() >= self._redis_down_until

    async def hit(self, key: str) -> float:
        """Count one request of `key`: 0 when it may pass, else the seconds until it would."""
        return await self._ask(key, count=True)

    async def waiting(self, key: str) -> float:
        """Like `hit` without counting: 0 when a request of `key` would pass now."""
        return await self._ask(key, count=False)

    async def _ask(self, key: str, *, count: bool) -> float:
        if not self.enabled:
            return 0.0
        if self.redis is None or not self.shared:
            return self.memory.ask(key, count=count)
        try:
            passes = self.redis.hit if count else self.redis.test
            if await passes(self.item, key):
                return 0.0
            stats = await self.redis.get_window_stats(self.item, key)
            return max(1.0, math.ceil(stats.reset_time - time.time()))
        except Exception as exc:
            self._redis_down_until = self.clock() + self.redis_retry_seconds
            logger.warning(
                "rate limit store in Redis unreachable: counting in this process only",
                error=type(exc).__name__,
                retry_seconds=self.redis_retry_seconds,
            )
            return self.memory.ask(key, count=count)

    async def aclose(self) -> None:
        if self.redis is not None:
            bridge = getattr(self.redis.storage, "bridge", None)
            client = getattr(bridge, "storage", None)
            if client is not None and hasattr(client, "aclose"):
                await client.aclose()
