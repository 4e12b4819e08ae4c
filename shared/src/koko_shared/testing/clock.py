"""Time that moves only when a test says so.

Components that wait or expire (the circuit breaker, caches, the JWKS cache, admission control)
take a `clock: Callable[[], float]` defaulting to `time.monotonic`; a test hands them a
`ManualClock` and moves it with `advance` instead of sleeping, so the test neither waits nor
depends on how busy the machine is.
"""

from __future__ import annotations


class ManualClock:
    def __init__(self, now: float = 10_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
