"""Per-client rate limit: a token bucket per client key, in memory (per gateway replica)."""

from __future__ import annotations

import time
from collections import OrderedDict


class RateLimiter:
    def __init__(
        self, per_minute: int, *, burst: int | None = None, max_clients: int = 100_000
    ) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(burst if burst is not None else max(1, per_minute))
        self.max_clients = max_clients
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def allow(self, client: str, now: float | None = None) -> float:
        """0 when the request may pass, otherwise the seconds until it would."""
        if not self.enabled:
            return 0.0
        now = time.monotonic() if now is None else now
        tokens, updated = self.buckets.pop(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - updated) * self.rate)
        if tokens >= 1:
            self.buckets[client] = (tokens - 1, now)
            wait = 0.0
        else:
            self.buckets[client] = (tokens, now)
            wait = (1 - tokens) / self.rate
        while len(self.buckets) > self.max_clients:
            self.buckets.popitem(last=False)  # forget the least recently seen client
        return wait

    def waiting(self, client: str, now: float | None = None) -> float:
        """Like `allow` but without taking a token: 0 when a request would pass now."""
        if not self.enabled or client not in self.buckets:
            return 0.0
        now = time.monotonic() if now is None else now
        tokens, updated = self.buckets[client]
        tokens = min(self.capacity, tokens + (now - updated) * self.rate)
        return 0.0 if tokens >= 1 else (1 - tokens) / self.rate
