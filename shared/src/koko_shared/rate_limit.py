"""Per-client rate limits, the same at the gateway and at every subgraph.

A sliding window of `per_minute` requests per client key (`client_key`: the actor when
authenticated, the token's hash for an unverified one, else the address), counted by the `limits`
library. With `redis_url` every replica and service counts in the same Redis, so N replicas
share one budget; without it each process counts in its own memory.

When Redis fails, the limiter falls over to its own memory for `redis_retry_seconds` and then
tries Redis again: each replica then enforces the limit alone (N replicas allow N times the
budget while Redis is down), which keeps the service up and still bounds every client, instead
of refusing everyone (fail closed) or no one (fail open). The switch is logged.
"""

from __future__ import annotations

import hashlib
import math
import time

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from koko_shared.auth.actor import Actor
from koko_shared.telemetry import logger

KEY_PREFIX = "koko-rate"


def client_key(actor: Actor, authorization: str | None, address: str) -> str:
    """The budget a request counts against: the actor for authenticated calls, the token (hashed)
    for credentials that were not verified, the address for everything else."""
    if not actor.is_public:
        return "actor:" + actor.subject
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:16]
    return "ip:" + address


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        *,
        redis_url: str = "",
        redis_timeout_seconds: float = 0.25,
        redis_retry_seconds: float = 5.0,
    ) -> None:
        self.per_minute = per_minute
        self.item = RateLimitItemPerMinute(max(1, per_minute))
        self.memory = SlidingWindowCounterRateLimiter(MemoryStorage())
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
        return self.redis is not None and time.monotonic() >= self._redis_down_until

    async def hit(self, key: str) -> float:
        """Count one request of `key`: 0 when it may pass, else the seconds until it would."""
        return await self._ask(key, count=True)

    async def waiting(self, key: str) -> float:
        """Like `hit` without counting: 0 when a request of `key` would pass now."""
        return await self._ask(key, count=False)

    async def _ask(self, key: str, *, count: bool) -> float:
        if not self.enabled:
            return 0.0
        strategy = self._strategy()
        try:
            passes = strategy.hit if count else strategy.test
            if await passes(self.item, key):
                return 0.0
            return await self._wait(strategy, key)
        except Exception as exc:
            if strategy is self.memory:
                raise
            self._redis_failed(exc)
            return await self._ask(key, count=count)

    async def _wait(self, strategy: SlidingWindowCounterRateLimiter, key: str) -> float:
        stats = await strategy.get_window_stats(self.item, key)
        return max(1.0, math.ceil(stats.reset_time - time.time()))

    def _strategy(self) -> SlidingWindowCounterRateLimiter:
        return self.redis if self.redis is not None and self.shared else self.memory

    def _redis_failed(self, exc: Exception) -> None:
        self._redis_down_until = time.monotonic() + self.redis_retry_seconds
        logger.warning(
            "rate limit store in Redis unreachable: counting in this process only",
            error=type(exc).__name__,
            retry_seconds=self.redis_retry_seconds,
        )

    async def aclose(self) -> None:
        if self.redis is not None:
            storage: Storage = self.redis.storage  # type: ignore[assignment]
            bridge = getattr(storage, "bridge", None)
            client = getattr(bridge, "storage", None)
            if client is not None and hasattr(client, "aclose"):
                await client.aclose()
