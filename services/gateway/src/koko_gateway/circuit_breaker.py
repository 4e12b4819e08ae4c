"""A circuit breaker per subgraph: after repeated timeouts or connection failures the gateway
stops waiting for that subgraph and answers at once, with the subgraph's fields null and a
SERVICE_UNAVAILABLE error at their paths; after a pause one request probes it (half-open) and
a success closes the circuit again.

Without it a hung subgraph costs every request the full subgraph timeout (issue 8.9).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from koko_shared.i18n import Message
from koko_shared.telemetry import logger


class CircuitState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpen(Exception):
    """The subgraph is not asked: its circuit is open (or a probe is already on its way).
    `message` is a catalogue message (shown where subgraph failures are exposed)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class CircuitBreaker:
    def __init__(
        self,
        subgraph: str,
        *,
        failure_threshold: int,
        open_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.subgraph = subgraph
        self.clock = clock
        self.failure_threshold = failure_threshold
        self.open_seconds = open_seconds
        self.state = CircuitState.CLOSED
        self.failures = 0
        self.opened_at = 0.0
        self._probing = False
        self._probe_started = 0.0

    @property
    def enabled(self) -> bool:
        return self.failure_threshold > 0

    def before_request(self) -> None:
        """Raise CircuitOpen unless this request may go to the subgraph."""
        if not self.enabled or self.state == CircuitState.CLOSED:
            return
        now = self.clock()
        if self.state == CircuitState.OPEN:
            if now - self.opened_at < self.open_seconds:
                raise CircuitOpen(self._message(now))
            self.state = CircuitState.HALF_OPEN
            self._probing = False
        # One probe at a time; a probe that never reported back (cancelled) is replaced.
        if self._probing and now - self._probe_started < self.open_seconds:
            raise CircuitOpen(self._message(now))
        self._probing = True
        self._probe_started = now

    def record_success(self) -> None:
        if self.state != CircuitState.CLOSED:
            logger.info("subgraph circuit closed", subgraph=self.subgraph)
        self.state = CircuitState.CLOSED
        self.failures = 0
        self._probing = False

    def record_failure(self) -> None:
        """A timeout or a connection failure (not a GraphQL error: the subgraph answered)."""
        if not self.enabled:
            return
        now = self.clock()
        self.failures += 1
        if self.state == CircuitState.HALF_OPEN or self.failures >= self.failure_threshold:
            if self.state != CircuitState.OPEN:
                logger.warning(
                    "subgraph circuit opened",
                    subgraph=self.subgraph,
                    failures=self.failures,
                    open_seconds=self.open_seconds,
                )
            self.state = CircuitState.OPEN
            self.opened_at = now
            self._probing = False

    def _message(self, now: float) -> Message:
        retry = max(0.0, self.open_seconds - (now - self.opened_at))
        return Message(
            "subgraph '{service}' is unavailable (circuit open after repeated failures; next "
            "try in {seconds} s)",
            service=self.subgraph,
            seconds=f"{retry:.0f}",
        )
