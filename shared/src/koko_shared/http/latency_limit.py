"""An adaptive concurrency limit that keeps requests near a latency target (admission control's
`adaptive` limit, koko_shared.http.admission; the gateway's).

After TCP Vegas and Netflix's concurrency-limits Vegas: every `window` answered requests, the
window's average time (`short`) is compared with the time a request takes alone (`baseline`):

- slower than `target` x baseline with requests overlapping: the limit comes down, by one place,
  or in proportion when far slower (a cold limit of 20 reaches a small machine in a few windows);
- otherwise, if every place was in use: it goes up by `increase` of a place, so it looks one
  place further only every 1 / increase windows, and comes back after one window if that place
  made requests slower than the target.

So it sits at the largest concurrency whose requests take at most `target` times as long as
alone, whatever the machine. The earlier gradient limit (after Netflix's Gradient2) compared
with a moving average of the usual time and grew by a quarter of itself: on the load benchmark's
2-core machine it settled at 4 places, 2.7-2.9x the unloaded time, and with a floor of 2 it
wandered between 2 and 8 (docs/benchmarks.md, "Under a crowd").

The baseline is learnt from windows in which no two requests overlapped (a crowd must not
become the usual time, or the limit creeps up with it), and from any window faster than it (a
warm cache). A service under a crowd from its first request has only crowded windows: the
first one is its baseline until a faster one is seen.
"""

from __future__ import annotations


class LatencyLimit:
    def __init__(
        self,
        initial: int,
        *,
        min_limit: int = 1,
        max_limit: int = 1000,
        target: float = 1.7,
        increase: float = 0.1,
        window: int = 10,
        warm: int | None = None,
    ) -> None:
        self.value = float(max(min_limit, min(initial, max_limit)))
        # After the first window a cold `initial` limit (a guess) comes down to `warm`, or to
        # twice what that window used if more: a first burst keeps its places, a quiet start
        # does not leave a crowd 100 places to fill while the limit learns (None: stays).
        self.warm = warm
        self.min_limit = min_limit
        self.max_limit = max_limit
        self.target = target
        self.increase = increase
        self.window = window
        self.baseline = 0.0
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
        if self.baseline == 0.0:
            self.baseline = short
            if self.warm is not None:
                warm = max(self.warm, 2 * busiest, self.min_limit)
                self.value = min(self.value, float(warm))
            return
        alone = busiest <= 1
        if alone:
            self.baseline += 0.1 * (short - self.baseline)
            return  # alone: nothing says what more places would do
        if short < self.baseline:
            self.baseline += 0.2 * (short - self.baseline)
        ratio = short / self.baseline
        if ratio > self.target:
            value = min(self.value - 1, self.value * self.target / ratio)
        elif busiest >= self.limit:
            value = self.value + self.increase
        else:
            return  # within the target, with places to spare
        self.value = max(float(self.min_limit), min(value, float(self.max_limit)))
