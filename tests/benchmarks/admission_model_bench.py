"""The gateway's admission control on a model of the load benchmark's machine, in virtual time:
the same crowds as load_bench.py (a ramp, a closed crowd of 4x the saturating concurrency whose
refused clients come back after about a second, open crowds at 1x and 4x the peak rate), the
same figures (goodput as % of the peak, p95 of the answered against the unloaded p95), but
against a modelled machine and with many seeds in seconds.

Why: on the 2-core machine one run of load_bench.py takes five minutes and its peak moves by
10-20 % from run to run (docs/benchmarks.md, "Under a crowd"), so two admission policies a few
per cent apart cannot be told apart by a handful of runs. Here the limiter is the real one
(`koko_shared.http.admission.limiter_from_settings` with the gateway's settings, its clock the
virtual loop's), only the machine behind it is a model (`PROFILES`): requests share a few
cores (processor sharing), each more at once costing a little of the others' speed (CPU caches,
PostgreSQL's locks), each request's own work log-normal with the median and p95 measured with one
client (at 100,000 offers a search's p95 is 2.6-2.9x its median, at 5,000 about 1.7x).

What the model leaves out: processor sharing slows every request alike, so the p95 grows like
the mean; on the real machine at 5,000 offers (CPU-bound Python) it grows faster, and the model
flatters a higher limit's latency there (an overload floor of 3: 1.54x here, 1.81-1.94x measured).
The model decides nothing on its own: what it suggests is measured with load_bench.py.

Run: `.venv/bin/python tests/benchmarks/admission_model_bench.py [--seeds 8] [--profile 100k]
[--variant as-is --variant fixed-5ms]`; one table row per machine and variant, medians and
interquartile ranges over the seeds (about 10 s per seed and row on the 2-core machine).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import random
import selectors
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from koko_shared.database.availability import OVERLOADED_RETRY_AFTER_SECONDS
from koko_shared.http.admission import (
    REFUSAL_DELAY_SECONDS,
    ConcurrencyLimiter,
    Refused,
    limiter_from_settings,
)
from koko_shared.settings import ServiceSettings


class VirtualSelector(selectors.DefaultSelector):
    """Waiting for `timeout` moves the loop's clock on instead of sleeping (nothing here does
    real I/O but the loop's own wake-up pipe)."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if timeout is None:
            raise RuntimeError("the model waits forever: nothing is scheduled")
        self.now += max(0.0, timeout)
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self.virtual = VirtualSelector()
        super().__init__(self.virtual)

    def time(self) -> float:
        return self.virtual.now


@dataclass
class Machine:
    """Requests share `cores` cores; each request's speed is min(1, cores / n) / (1 + overlap *
    (min(n, cores) - 1)) with n requests in service."""

    cores: float
    overlap: float
    loop: asyncio.AbstractEventLoop
    jobs: dict[int, list[float]] = field(default_factory=dict)  # id -> [work left]
    done: dict[int, asyncio.Future[None]] = field(default_factory=dict)
    updated: float = 0.0
    timer: asyncio.TimerHandle | None = None
    ids: Iterator[int] = field(default_factory=itertools.count)

    def speed(self, n: int) -> float:
        busy = min(float(n), self.cores)
        return min(1.0, self.cores / n) / (1.0 + self.overlap * (busy - 1.0))

    def _advance(self) -> None:
        now = self.loop.time()
        if self.jobs:
            progress = (now - self.updated) * self.speed(len(self.jobs))
            for left in self.jobs.values():
                left[0] -= progress
        self.updated = now

    def _schedule(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not self.jobs:
            return
        first = min(left[0] for left in self.jobs.values())
        delay = max(0.0, first) / self.speed(len(self.jobs))
        self.timer = self.loop.call_later(delay, self._finish)

    def _finish(self) -> None:
        self._advance()
        for job, left in list(self.jobs.items()):
            if left[0] <= 1e-9:
                del self.jobs[job]
                self.done.pop(job).set_result(None)
        self._schedule()

    async def serve(self, work: float) -> None:
        self._advance()
        job = next(self.ids)
        self.jobs[job] = [work]
        self.done[job] = self.loop.create_future()
        future = self.done[job]
        self._schedule()
        await future


@dataclass
class Block:
    answered: list[float] = field(default_factory=list)
    refused: int = 0
    seconds: float = 0.0

    @property
    def goodput(self) -> float:
        return len(self.answered) / self.seconds

    def p95(self) -> float:
        ordered = sorted(self.answered)
        return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Profile:
    median: float
    p95: float
    cores: float
    overlap: float
    client_gap: float  # between an answer and the client's next request (generator, network)

    def work(self, rng: random.Random) -> float:
        sigma = math.log(self.p95 / self.median) / 1.645
        return self.median * rng.lognormvariate(0.0, sigma)


PROFILES = {
    # 100,000 offers, 2 cores (2026-12-07, 14:43-15:16 UTC, six load_bench runs): one client
    # p50 29-36 ms, p95 79-103 ms; two clients 1.7-1.9x one's goodput, four 1.8-2.4x.
    "100k": Profile(median=0.030, p95=0.085, cores=2.2, overlap=0.12, client_gap=0.001),
    # 5,000 offers (docs/benchmarks.md, "one offers worker per core"): p50 7-8 ms, p95 ~1.7x.
    "5k": Profile(median=0.008, p95=0.014, cores=2.2, overlap=0.12, client_gap=0.001),
}


class Gateway:
    """The admission guard's order of events around a modelled machine."""

    def __init__(self, machine: Machine, profile: Profile, rng: random.Random) -> None:
        self.limiter = limiter_from_settings(
            ServiceSettings(adaptive_concurrency=True), default_limit=1000
        )
        self.limiter.clock = machine.loop.time
        self.limiter.queue.clock = machine.loop.time
        self.machine = machine
        self.profile = profile
        self.rng = rng

    async def request(self) -> tuple[bool, float]:
        loop = self.machine.loop
        asked = loop.time()
        try:
            taken = await self.limiter.acquire()
        except Refused:
            waited = loop.time() - asked
            if waited < REFUSAL_DELAY_SECONDS:
                await asyncio.sleep(REFUSAL_DELAY_SECONDS - waited)
            return False, loop.time() - asked
        try:
            await self.machine.serve(self.profile.work(self.rng))
        finally:
            self.limiter.release(taken)
        return True, loop.time() - asked


async def closed_block(gateway: Gateway, clients: int, seconds: float, pause: float) -> Block:
    loop = asyncio.get_running_loop()
    block = Block(seconds=seconds)
    end = loop.time() + seconds

    async def client() -> None:
        while loop.time() < end:
            answered, took = await gateway.request()
            if loop.time() > end:
                return
            if answered:
                block.answered.append(took)
            else:
                block.refused += 1
                if pause > 0:
                    await asyncio.sleep(pause * (0.5 + gateway.rng.random()))
            await asyncio.sleep(gateway.profile.client_gap)

    await asyncio.gather(*(client() for _ in range(clients)))
    return block


async def open_block(gateway: Gateway, rate: float, seconds: float) -> Block:
    loop = asyncio.get_running_loop()
    block = Block(seconds=seconds)
    start = loop.time()
    tasks = []

    async def one() -> None:
        answered, took = await gateway.request()
        if answered:
            block.answered.append(took)
        else:
            block.refused += 1

    for index in itertools.count():
        due = start + index / rate
        if due >= start + seconds:
            break
        await asyncio.sleep(due - loop.time())
        tasks.append(asyncio.ensure_future(one()))
    await asyncio.gather(*tasks)
    return block


@dataclass
class Outcome:
    ramp: dict[int, float]  # goodput per second by clients
    peak: float
    closed: tuple[float, float]  # % of peak, p95 / unloaded p95
    open_1: tuple[float, float]
    open_4: tuple[float, float]


async def run(
    profile: Profile, seed: int, duration: float, tweak: Callable[[ConcurrencyLimiter], None]
) -> Outcome:
    loop = asyncio.get_running_loop()
    rng = random.Random(seed)
    gateway = Gateway(Machine(profile.cores, profile.overlap, loop), profile, rng)
    tweak(gateway.limiter)
    ramp: dict[int, Block] = {}
    for clients in (1, 2, 4, 8, 16):
        ramp[clients] = await closed_block(gateway, clients, duration, pause=0.0)
        await asyncio.sleep(OVERLOADED_RETRY_AFTER_SECONDS + 0.5)
    peak = max(block.goodput for block in ramp.values())
    saturating = min(c for c, block in ramp.items() if block.goodput >= 0.95 * peak)
    unloaded = ramp[1].p95()

    def figures(block: Block) -> tuple[float, float]:
        return 100 * block.goodput / peak, block.p95() / unloaded

    crowd = await closed_block(gateway, 4 * saturating, duration, pause=1.0)
    await asyncio.sleep(OVERLOADED_RETRY_AFTER_SECONDS + 0.5)
    open_1 = await open_block(gateway, peak, duration)
    await asyncio.sleep(OVERLOADED_RETRY_AFTER_SECONDS + 0.5)
    open_4 = await open_block(gateway, 4 * peak, duration)
    goodputs = {clients: block.goodput for clients, block in ramp.items()}
    return Outcome(goodputs, peak, figures(crowd), figures(open_1), figures(open_4))


def fixed_deadline(limiter: ConcurrencyLimiter) -> None:
    limiter.overload_deadline = lambda: limiter.overload_queue_seconds  # type: ignore[method-assign]


def two_turns(limiter: ConcurrencyLimiter) -> None:
    def deadline() -> float:
        turn = 2 * limiter.turn_seconds
        return min(limiter.queue_seconds, max(limiter.overload_queue_seconds, turn))

    limiter.overload_deadline = deadline  # type: ignore[method-assign]


def overload_floor_3(limiter: ConcurrencyLimiter) -> None:
    assert limiter.adaptive is not None
    limiter.adaptive.min_limit = 3


def settles_at_1_5(limiter: ConcurrencyLimiter) -> None:
    assert limiter.adaptive is not None
    limiter.adaptive.tolerance = 1.125


# The admission code as it is, or with one change tried beside it: the overload's waiters
# refused after CoDel's 5 ms whatever the time a place takes to come free (the code before
# "a waiter waits for the next place"), or after two such turns; an overload floor of 3 instead
# of 2; the gradient settling at 1.5x the usual time instead of 1.33x (tolerance 1.125).
VARIANTS: dict[str, Callable[[ConcurrencyLimiter], None]] = {
    "as-is": lambda limiter: None,
    "fixed-5ms": fixed_deadline,
    "floor-3": overload_floor_3,
    "two-turns": two_turns,
    "tolerance-1.125": settles_at_1_5,
}


def simulate(
    profile: Profile, seed: int, duration: float, tweak: Callable[[ConcurrencyLimiter], None]
) -> Outcome:
    loop = VirtualLoop()
    try:
        return loop.run_until_complete(run(profile, seed, duration, tweak))
    finally:
        loop.close()


def spread(values: list[float], digits: int) -> str:
    """Median (interquartile range)."""
    low, _, high = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return f"{statistics.median(values):.{digits}f} ({low:.{digits}f}-{high:.{digits}f})"


BLOCKS = (("closed", "closed crowd"), ("open_1", "open 1x"), ("open_4", "open 4x"))


def report(profile: str, name: str, outcomes: list[Outcome]) -> str:
    """One table row: medians (interquartile ranges) over the seeds, and in how many seeds both
    aims held (goodput >= 90 % of the peak, p95 answered < 2x the unloaded p95)."""
    ramp = " / ".join(f"{statistics.median(o.ramp[c] for o in outcomes):.0f}" for c in (1, 2, 4))
    cells = [profile, name, ramp, f"{statistics.median(o.peak for o in outcomes):.1f}"]
    for attr, _ in BLOCKS:
        figures = [getattr(o, attr) for o in outcomes]
        both = sum(1 for goodput, ratio in figures if goodput >= 90 and ratio < 2)
        cells.append(
            f"{spread([g for g, _ in figures], 0)} %, "
            f"{spread([r for _, r in figures], 2)}x; {both}/{len(figures)}"
        )
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), action="append")
    parser.add_argument("--variant", action="append", choices=list(VARIANTS))
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0, help="virtual seconds per block")
    args = parser.parse_args()
    print(
        "| machine | admission | ramp /s (1 / 2 / 4 clients) | peak /s | "
        + " | ".join(f"{title}: goodput, p95 x unloaded; both aims" for _, title in BLOCKS)
        + " |"
    )
    print("|---|---|---|---:|---|---|---|")
    for profile in args.profile or list(PROFILES):
        for name in args.variant or list(VARIANTS):
            tweak = VARIANTS[name]
            outcomes = [
                simulate(PROFILES[profile], seed, args.duration, tweak)
                for seed in range(args.seeds)
            ]
            print(report(profile, name, outcomes), flush=True)


if __name__ == "__main__":
    main()
