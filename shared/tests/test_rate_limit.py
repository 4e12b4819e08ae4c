"""The rate limiter: a budget per client key per minute, in memory or shared through Redis, and
what happens when Redis fails (each process counts alone until Redis is back)."""

from __future__ import annotations

import socket
import time
import uuid

from koko_shared.auth.actor import PUBLIC, Actor, Grant, Role
from koko_shared.rate_limit import MemoryWindows, RateLimiter, client_key
from koko_shared.testing.clock import ManualClock
from koko_shared.testing.services import needs_redis

REDIS = "redis://127.0.0.1:6379/0"


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_client_keys() -> None:
    kim = Actor("kim", (Grant(Role.COORDINATOR, "150030000000"),))
    assert client_key(kim, "Bearer t", "10.0.0.1") == "actor:kim"
    assert client_key(PUBLIC, "Bearer t", "10.0.0.1").startswith("token:")
    assert client_key(PUBLIC, None, "10.0.0.1") == "ip:10.0.0.1"


async def test_the_budget_per_minute_is_kept_per_client_in_memory() -> None:
    limiter = RateLimiter(3)
    waits = [await limiter.hit("ip:a") for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0] and 1 <= waits[3] <= 60
    assert await limiter.hit("ip:b") == 0.0  # another client has its own budget
    assert await limiter.waiting("ip:a") > 0 and await limiter.waiting("ip:c") == 0.0


def test_the_window_slides() -> None:
    # given: 3 a minute
    windows = MemoryWindows(3)
    # when / then: three in the first minute, the fourth waits
    assert [windows.ask("k", count=True, now=t) for t in (0, 1, 2)] == [0.0, 0.0, 0.0]
    assert windows.ask("k", count=True, now=3) >= 1
    # at 60 s the previous minute still weighs fully: refused, and told how long to wait
    wait = windows.ask("k", count=True, now=60)
    assert 1 <= wait <= 20
    # at 80 s a third of it has slid out: one more passes, then it is full again
    assert windows.ask("k", count=True, now=80) == 0.0
    assert windows.ask("k", count=True, now=80.5) >= 1
    # two minutes after the window began, everything is forgotten
    assert [windows.ask("k", count=True, now=t) for t in (200, 200, 200)] == [0.0, 0.0, 0.0]
    # asking without counting takes nothing
    assert [windows.ask("other", count=False, now=0) for _ in range(10)] == [0.0] * 10


def test_a_flood_of_distinct_clients_is_remembered_up_to_a_bound() -> None:
    windows = MemoryWindows(10, max_clients=1_000)
    for number in range(50_000):
        windows.ask(f"ip:{number}", count=True, now=0)
    assert len(windows) == 1_000


async def test_zero_turns_the_limit_off() -> None:
    limiter = RateLimiter(0, redis_url=REDIS)
    assert [await limiter.hit("ip:a") for _ in range(100)] == [0.0] * 100


@needs_redis
async def test_two_limiters_with_one_redis_share_one_budget() -> None:
    # given: two replicas' limiters, 10 a minute
    first, second = RateLimiter(10, redis_url=REDIS), RateLimiter(10, redis_url=REDIS)
    key = f"actor:{uuid.uuid4()}"
    try:
        # when: the client alternates between them
        waits = [await (first if n % 2 else second).hit(key) for n in range(12)]
    finally:
        await first.aclose()
        await second.aclose()
    # then: 10 in all, not 10 each
    assert waits[:10] == [0.0] * 10
    assert all(wait >= 1 for wait in waits[10:])


async def test_without_redis_each_process_counts_alone_and_answers_quickly() -> None:
    # given: a Redis URL where nothing listens
    limiter = RateLimiter(3, redis_url=f"redis://127.0.0.1:{_unused_port()}/0")
    started = time.perf_counter()
    # when
    waits = [await limiter.hit("ip:a") for _ in range(20)]
    elapsed = time.perf_counter() - started
    await limiter.aclose()
    # then: neither open nor closed: the budget holds in this process; Redis was tried once
    # (the next try only after redis_retry_seconds), so the requests did not wait on it
    assert waits[:3] == [0.0, 0.0, 0.0] and all(wait >= 1 for wait in waits[3:])
    assert not limiter.shared
    assert elapsed < 2.0


@needs_redis
async def test_counting_returns_to_redis_after_an_outage() -> None:
    # given: a limiter whose Redis failed a moment ago
    clock = ManualClock()
    limiter = RateLimiter(5, redis_url=REDIS, redis_retry_seconds=0.3, clock=clock)
    other = RateLimiter(5, redis_url=REDIS)
    limiter._redis_down_until = clock() + 0.3  # as right after a Redis error
    key = f"actor:{uuid.uuid4()}"
    try:
        assert not limiter.shared
        await limiter.hit(key)  # counted in memory only
        clock.advance(0.29)
        assert not limiter.shared
        # when: the retry interval passes
        clock.advance(0.01)
        assert limiter.shared
        waits = [await limiter.hit(key) for _ in range(5)]
        # then: counted in Redis again, so the other replica sees the spent budget
        assert waits == [0.0] * 5
        assert await other.hit(key) >= 1
    finally:
        await limiter.aclose()
        await other.aclose()
