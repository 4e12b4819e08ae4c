"""What the gateway's admission limiter did during a load benchmark's blocks: its metrics
(`koko_admission_limit`, `_in_flight`, `_waiting`, `_standing_queue`, koko_shared.http.
admission_metrics) sampled every `interval` seconds from the gateway's metrics port, summed up
per block (the limit's median and range, the share of samples with the queue standing)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import statistics
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx

GAUGES = ("limit", "in_flight", "waiting", "standing_queue")
LINE = re.compile(r'^koko_admission_(\w+)\{service="gateway"\} ([0-9.e+-]+)$', re.MULTILINE)


@dataclass
class Sample:
    at: float
    values: dict[str, float]


@dataclass
class AdmissionTrace:
    samples: list[Sample] = field(default_factory=list)

    def between(self, start: float, end: float) -> list[Sample]:
        return [s for s in self.samples if start <= s.at <= end]

    def summary(self, start: float, end: float) -> str:
        """One cell: the limit's median (min–max), in flight on average, % standing (times:
        time.perf_counter(), as crowd.Block's)."""
        samples = self.between(start, end)
        if not samples:
            return "no samples"
        limits = [s.values.get("limit", 0.0) for s in samples]
        in_flight = statistics.fmean(s.values.get("in_flight", 0.0) for s in samples)
        standing = sum(1 for s in samples if s.values.get("standing_queue")) / len(samples)
        return (
            f"limit {statistics.median(limits):.0f} ({min(limits):.0f}–{max(limits):.0f}),"
            f" in flight {in_flight:.1f}, standing {100 * standing:.0f} %"
        )


@contextlib.asynccontextmanager
async def traced(url: str, interval: float = 0.05) -> AsyncIterator[AdmissionTrace]:
    """Samples `url` (the gateway's /metrics) every `interval` seconds while the block runs."""
    trace = AdmissionTrace()

    async def poll(client: httpx.AsyncClient) -> None:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                text = (await client.get(url)).text
                values = {m[1]: float(m[2]) for m in LINE.finditer(text) if m[1] in GAUGES}
                trace.samples.append(Sample(time.perf_counter(), values))
            await asyncio.sleep(interval)

    async with httpx.AsyncClient(timeout=2.0) as client:
        task = asyncio.create_task(poll(client))
        try:
            yield trace
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
