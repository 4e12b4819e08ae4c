"""Burst or overload: whether the admission queue is standing (CoDel's idea, as Facebook's servers
apply it to their request queues: "Controlled Delay" with adaptive LIFO).

A queue that empties again within an `interval` is a burst: the requests in it are served, in
order, after a generous wait. A queue that has not been empty for a whole interval, or one that
overflowed (a request was refused: the queue was full, would not drain in time, or a waiter's
deadline passed), is overload: the service then serves fewer at once (the concurrency at which
requests keep their usual time), the newest waiter first (it has the best chance of being served
in time; the oldest would be refused anyway), and waiters are refused after a short wait. The
overload ends once nobody has had to wait, and nobody has been refused, for a whole interval, and
no sooner than `refusal_hold` after the last refusal: a refused client was told to come back after
Retry-After, and if the overload ended before it does, the crowd would come back into a queue
served as a burst (more at once, a longer wait) and stand again (docs/benchmarks.md, "Under a
crowd: the overload held, waiters served within 5 ms").

On a single-process, CPU-bound gateway any overlap makes requests slower, so a limit that follows
latency alone falls at the first burst of a page's requests and turns them away; here the low
limit applies only while the crowd stands. The clock is injected so that tests move it by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# A queue that has not emptied for this long is standing (CoDel's interval; Facebook: 100 ms) ...
STANDING_INTERVAL_SECONDS = 0.1
# ... or for this many times the usual time a request holds its place, if longer: on a machine
# so busy that one search takes 250 ms, a queue of 100 ms is one request's turn, not a crowd, and
# a crowd leaves 100 ms without a waiter between its answers (CoDel's interval is meant to be
# a round trip or more).
INTERVAL_SERVICE_TIMES = 4


class QueueState:
    """Tracks the queue's length over time; `overloaded` says whether it is standing."""

    def __init__(
        self,
        *,
        interval: float = STANDING_INTERVAL_SECONDS,
        refusal_hold: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_interval = interval
        self.refusal_hold = refusal_hold
        self.interval = interval
        self.clock = clock
        self.overloaded = False
        # Times the queue became non-empty (None: empty now), last had a waiter or a refusal, and
        # last refused.
        self._nonempty_since: float | None = None
        self._pressed_at = float("-inf")
        self._refused_at = float("-inf")
        # How often an overload began (for the metrics).
        self.overloads = 0

    def observe(self, waiting: int) -> bool:
        """The queue now holds `waiting` requests; returns whether it is overloaded."""
        now = self.clock()
        if waiting > 0:
            self._pressed_at = now
            if self._nonempty_since is None:
                self._nonempty_since = now
            elif now - self._nonempty_since >= self.interval:
                self._enter()
            return self.overloaded
        if self._nonempty_since is not None:
            # It was not empty until now.
            self._pressed_at = now
            self._nonempty_since = None
        if (
            self.overloaded
            and now - self._pressed_at >= self.interval
            and now - self._refused_at >= self.refusal_hold
        ):
            self.overloaded = False
        return self.overloaded

    def follow(self, service_seconds: float) -> None:
        """Requests now hold a place for `service_seconds` as a rule: the interval follows."""
        self.interval = max(self.base_interval, INTERVAL_SERVICE_TIMES * service_seconds)

    def refused(self) -> None:
        """A request was refused: the queue overflowed, which a burst it can absorb does not."""
        self._pressed_at = self._refused_at = self.clock()
        self._enter()

    def _enter(self) -> None:
        if not self.overloaded:
            self.overloaded = True
            self.overloads += 1
