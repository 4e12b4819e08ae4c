"""Burst or overload (koko_shared.http.codel): only a standing queue is shed hard. The clock that
decides whether the queue stands is the test's (ManualClock); nothing sleeps."""

from __future__ import annotations

import asyncio

import pytest

from koko_shared.database.availability import OVERLOADED_RETRY_AFTER_SECONDS
from koko_shared.http.admission import (
    OVERLOAD_QUEUE_SECONDS,
    ConcurrencyLimiter,
    GradientLimit,
    Refused,
    limiter_from_settings,
)
from koko_shared.http.codel import QueueState
from koko_shared.settings import ServiceSettings
from koko_shared.testing.clock import ManualClock


def test_a_queue_that_empties_within_the_interval_is_a_burst() -> None:
    clock = ManualClock()
    state = QueueState(interval=0.1, clock=clock)
    for _ in range(20):  # bursts of 90 ms, each emptied before the next
        state.observe(3)
        clock.advance(0.09)
        assert not state.observe(1)
        assert not state.observe(0)
        clock.advance(0.001)
    assert (state.overloaded, state.overloads) == (False, 0)


def test_a_queue_not_empty_for_a_whole_interval_stands_until_it_stays_empty_an_interval() -> None:
    clock = ManualClock()
    state = QueueState(interval=0.1, clock=clock)
    state.observe(1)
    clock.advance(0.099)
    assert not state.observe(2)
    clock.advance(0.001)
    assert state.observe(1)
    # emptied, but only just: still overload (a crowd empties the queue for a moment)
    clock.advance(0.05)
    assert state.observe(0)
    clock.advance(0.099)
    assert state.observe(0)
    # a waiter again restarts the wait for calm
    assert state.observe(1)
    assert state.observe(0)
    clock.advance(0.1)
    assert not state.observe(0)
    assert state.overloads == 1


def test_a_refusal_is_an_overflowing_queue() -> None:
    clock = ManualClock()
    state = QueueState(interval=0.1, clock=clock)
    state.refused()
    assert state.observe(0)
    clock.advance(0.1)
    assert not state.observe(0)


def test_after_a_refusal_the_overload_lasts_till_the_refused_may_come_back() -> None:
    # given: a refusal that told its client to come back in a second (Retry-After: 1)
    clock = ManualClock()
    state = QueueState(interval=0.1, refusal_hold=1.0, clock=clock)
    state.refused()
    # when: the queue stays empty a whole interval, and nearly a second
    clock.advance(0.1)
    assert state.observe(0)
    clock.advance(0.899)
    assert state.observe(0)
    # then: the overload ends only once the refused clients may be back
    clock.advance(0.001)
    assert not state.observe(0)
    # and: a queue that stood without refusals ends after its interval, as before
    state.observe(1)
    clock.advance(0.1)
    assert state.observe(1)
    assert state.observe(0)
    clock.advance(0.1)
    assert not state.observe(0)
    assert state.overloads == 2


def limiter_at(clock: ManualClock, *, overload_queue_seconds: float = 30) -> ConcurrencyLimiter:
    """A gateway-like limiter whose adaptive limit has learnt 2 (a CPU-bound machine)."""
    return ConcurrencyLimiter(
        1000,
        queue_size=8,
        queue_seconds=30,
        adaptive=GradientLimit(2, min_limit=2, max_limit=1000),
        burst_floor=4,
        overload_queue_seconds=overload_queue_seconds,
        interval=0.1,
        clock=clock,
    )


async def until_waiting(limiter: ConcurrencyLimiter, count: int) -> None:
    for _ in range(1000):
        if limiter.waiting == count:
            return
        await asyncio.sleep(0)
    raise AssertionError(f"{limiter.waiting} waiting, not {count}")


async def test_a_burst_at_light_load_is_all_served_in_order_at_the_burst_floor() -> None:
    # given: an adaptive limit of 2 (overlap made requests slower), the burst floor 4
    clock = ManualClock()
    limiter = limiter_at(clock)
    # when: a burst of 8 arrives at once and is answered within 60 ms
    held = [await limiter.acquire() for _ in range(4)]
    order: list[int] = []

    async def wait(index: int) -> None:
        await limiter.acquire()
        order.append(index)

    waiters = [asyncio.create_task(wait(i)) for i in range(4)]
    await until_waiting(limiter, 4)
    clock.advance(0.03)
    for place in held:
        limiter.release(place)
    await asyncio.gather(*waiters)
    clock.advance(0.03)
    for _ in range(4):
        limiter.release(None)
    # then: four were served at once, the rest in arrival order, none refused; still a burst
    assert order == [0, 1, 2, 3]
    assert (limiter.refused, limiter.in_flight, limiter.waiting) == (0, 0, 0)
    assert (limiter.overloaded, limiter.limit) == (False, 4)


async def test_a_standing_queue_lowers_the_limit_serves_the_newest_first_and_refuses_fast() -> None:
    # given: four places taken and a waiter that stays a whole interval
    clock = ManualClock()
    limiter = limiter_at(clock, overload_queue_seconds=0.005)
    held = [await limiter.acquire() for _ in range(4)]
    first = asyncio.create_task(limiter.acquire())
    await until_waiting(limiter, 1)
    clock.advance(0.1)
    # when: more arrive while the queue stands
    newer = [asyncio.create_task(limiter.acquire()) for _ in range(7)]
    await until_waiting(limiter, 8)
    # then: overload; the adaptive limit (2) holds, and a full queue refuses at once
    assert (limiter.overloaded, limiter.limit) == (True, 2)
    with pytest.raises(Refused):
        await asyncio.wait_for(limiter.acquire(), timeout=1)
    # and: a place coming free below the limit goes to the newest waiter
    for place in held[:3]:
        limiter.release(place)
    newest = await asyncio.wait_for(newer[-1], timeout=1)
    # and: the others that came under overload are refused after its short wait (the first
    # waiter came during the burst: it keeps the burst's deadline, 30 s)
    results = await asyncio.wait_for(asyncio.gather(*newer[:-1], return_exceptions=True), 5)
    assert all(isinstance(r, Refused) for r in results)
    assert (limiter.refused, limiter.waiting, first.done()) == (7, 1, False)
    limiter.release(held[3])
    limiter.release(await asyncio.wait_for(first, timeout=1))
    limiter.release(newest)
    assert (limiter.in_flight, limiter.waiting) == (0, 0)


async def test_after_an_interval_without_waiters_and_retry_after_a_burst_is_served_again() -> None:
    # given: an overload that ended with the queue emptied
    clock = ManualClock()
    limiter = limiter_at(clock, overload_queue_seconds=0.005)
    held = [await limiter.acquire() for _ in range(4)]
    with pytest.raises(Refused):
        limiter.queue_size = 0
        await limiter.acquire()
    limiter.queue_size = 8
    assert limiter.overloaded and limiter.limit == 2
    for place in held:
        limiter.release(place)
    # when: a quiet interval passes, the refused client was told to come back after a second
    clock.advance(0.1)
    assert limiter.queue.observe(0) and limiter.limit == 2
    # and: that second passes
    clock.advance(OVERLOADED_RETRY_AFTER_SECONDS - 0.1)
    # then: the burst floor is back, and a waiter keeps the burst's long deadline
    held = [await limiter.acquire() for _ in range(4)]
    assert (limiter.overloaded, limiter.limit) == (False, 4)
    waiter = asyncio.create_task(limiter.acquire())
    await until_waiting(limiter, 1)
    with pytest.raises(TimeoutError):  # well past the overload's 5 ms
        await asyncio.wait_for(asyncio.shield(waiter), timeout=0.05)
    limiter.release(held.pop())
    limiter.release(await asyncio.wait_for(waiter, timeout=1))
    for place in held:
        limiter.release(place)
    assert (limiter.in_flight, limiter.refused) == (0, 1)


def test_on_a_slow_machine_the_interval_is_a_few_requests_long() -> None:
    # given: requests that hold a place 200 ms as a rule (a machine shared with a busy neighbour)
    clock = ManualClock()
    state = QueueState(interval=0.1, clock=clock)
    state.follow(0.2)
    # when: a queue stands 100 ms, one request's turn
    state.observe(1)
    clock.advance(0.1)
    # then: a burst still; only a queue standing four requests' time is overload
    assert not state.observe(1)
    clock.advance(0.7)
    assert state.observe(1)
    # and: the overload ends after as long without a waiter
    assert state.observe(0)
    clock.advance(0.7)
    assert state.observe(0)
    clock.advance(0.1)
    assert not state.observe(0)
    # and: a fast machine is back at the base interval
    state.follow(0.01)
    assert state.interval == 0.1


async def overload_deadlines(limiter: ConcurrencyLimiter) -> list[float]:
    """The deadlines given to one waiter that comes while every place is taken under overload
    (it is refused once its deadline passes)."""
    queue_size, limiter.queue_size = limiter.queue_size, 0
    held = [await limiter.acquire() for _ in range(limiter.limit)]
    with pytest.raises(Refused):
        await limiter.acquire()
    limiter.queue_size = queue_size
    assert limiter.overloaded
    loop = asyncio.get_running_loop()
    deadlines: list[float] = []
    call_later = loop.call_later

    def recording(delay: float, *args: object) -> asyncio.TimerHandle:
        deadlines.append(delay)
        return call_later(delay, *args)  # type: ignore[arg-type]

    loop.call_later = recording  # type: ignore[method-assign]
    try:
        with pytest.raises(Refused):
            await limiter.acquire()
    finally:
        del loop.call_later
    for place in held:
        limiter.release(place, answered=False)
    assert (limiter.in_flight, limiter.waiting) == (0, 0)
    return deadlines


async def test_under_overload_the_gateway_limiter_gives_a_waiter_codels_five_ms() -> None:
    # given: the limiter the gateway's settings make (adaptive), two at once learnt, requests
    # that hold their place 8 ms (a place comes free every 4 ms)
    limiter = limiter_from_settings(ServiceSettings(adaptive_concurrency=True), 1000)
    limiter.adaptive.value = 2  # type: ignore[union-attr]
    limiter.service_seconds = 0.008
    # when: one more comes under overload while both places are taken
    deadlines = await overload_deadlines(limiter)
    # then: it waited CoDel's target for a place (5 ms), not the refusal's 20 ms
    assert deadlines == [OVERLOAD_QUEUE_SECONDS] == [0.005]
    assert limiter.refused == 2


async def test_under_overload_a_waiter_may_wait_for_the_next_place_to_come_free() -> None:
    # given: the gateway's limiter, two at once, searches that hold their place 25 ms
    limiter = limiter_from_settings(ServiceSettings(adaptive_concurrency=True), 1000)
    limiter.adaptive.value = 2  # type: ignore[union-attr]
    limiter.service_seconds = 0.025
    # when: one more comes under overload while both places are taken
    # then: it waits the 12.5 ms in which one of the two places usually comes free
    assert await overload_deadlines(limiter) == [pytest.approx(0.0125)]
    # and: never longer than a waiter's deadline outside overload (requests of a second)
    limiter.service_seconds = 1.0
    assert await overload_deadlines(limiter) == [limiter.queue_seconds]
