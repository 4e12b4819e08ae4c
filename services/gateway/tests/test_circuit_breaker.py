"""The circuit breaker and the retry policy on time the test moves: no sleeps, no wall clock."""

from __future__ import annotations

import httpx
import pytest

from koko_gateway.circuit_breaker import CircuitBreaker, CircuitOpen, CircuitState
from koko_gateway.execution.fetcher import SubgraphClient, backoff_seconds
from koko_shared.testing.clock import ManualClock


def breaker(clock: ManualClock, *, failures: int = 2, open_seconds: float = 10.0) -> CircuitBreaker:
    return CircuitBreaker(
        "reviews", failure_threshold=failures, open_seconds=open_seconds, clock=clock
    )


def test_the_circuit_opens_after_the_threshold_and_stays_open_for_its_pause() -> None:
    clock = ManualClock()
    circuit = breaker(clock)
    circuit.record_failure()
    circuit.before_request()  # one failure: still closed
    circuit.record_failure()
    assert circuit.state is CircuitState.OPEN
    clock.advance(9.9)
    with pytest.raises(CircuitOpen, match="next try in 0 s"):
        circuit.before_request()
    clock.advance(0.1)
    circuit.before_request()  # the probe
    assert circuit.state is CircuitState.HALF_OPEN


def test_one_probe_at_a_time_and_a_lost_probe_is_replaced_after_the_pause() -> None:
    clock = ManualClock()
    circuit = breaker(clock, failures=1, open_seconds=5.0)
    circuit.record_failure()
    clock.advance(5.0)
    circuit.before_request()  # probe on its way
    with pytest.raises(CircuitOpen):
        circuit.before_request()
    clock.advance(4.9)
    with pytest.raises(CircuitOpen):
        circuit.before_request()
    clock.advance(0.1)
    circuit.before_request()  # the first probe never reported back: another one goes


def test_a_failed_probe_opens_again_and_a_success_closes() -> None:
    clock = ManualClock()
    circuit = breaker(clock, failures=3, open_seconds=1.0)
    for _ in range(3):
        circuit.record_failure()
    clock.advance(1.0)
    circuit.before_request()
    circuit.record_failure()  # one failure in half-open is enough
    assert circuit.state is CircuitState.OPEN
    with pytest.raises(CircuitOpen):
        circuit.before_request()
    clock.advance(1.0)
    circuit.before_request()
    circuit.record_success()
    assert (circuit.state, circuit.failures) == (CircuitState.CLOSED, 0)
    circuit.record_failure()
    circuit.before_request()  # counting starts again from zero


def test_a_threshold_of_zero_switches_the_breaker_off() -> None:
    circuit = breaker(ManualClock(), failures=0)
    for _ in range(100):
        circuit.record_failure()
    circuit.before_request()
    assert circuit.state is CircuitState.CLOSED


def answering(statuses: list[int], seen: list[bytes]) -> httpx.MockTransport:
    """A subgraph answering with the given statuses in turn (then 200)."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.content)
        status = statuses.pop(0) if statuses else 200
        return httpx.Response(status, json={"data": {"ok": status == 200}})

    return httpx.MockTransport(handle)


async def test_queries_are_retried_after_growing_pauses_and_mutations_never() -> None:
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    seen: list[bytes] = []
    client = SubgraphClient(
        "reviews",
        "http://reviews/graphql",
        timeout=1,
        retries=2,
        transport=answering([502, 503], seen),
        deduplicate=False,
        sleep=pause,
    )
    answer = await client.request("{ ok }", {}, {}, retryable=True)
    assert answer == {"data": {"ok": True}}
    assert pauses == [backoff_seconds(0), backoff_seconds(1)] == [0.05, 0.1]
    assert len(seen) == 3

    pauses.clear()
    seen.clear()
    client.client = httpx.AsyncClient(transport=answering([502], seen))
    # a mutation is sent once: the subgraph's 502 answer is passed on as it is
    answer = await client.request("mutation { ok }", {}, {}, retryable=False)
    assert answer == {"data": {"ok": False}}
    assert (len(seen), pauses) == (1, [])
    await client.aclose()
