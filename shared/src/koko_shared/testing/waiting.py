"""The one way a test waits for something outside its control: a server process starting, a
log line another process writes, a row another process stores. `wait_until` polls a condition
until it gives a true value or the deadline passes, and then fails saying what did not happen.

Only for other processes and threads a test cannot hand an event to. Inside the test's own
process, hold and release work with events or barriers, and let time pass with the
`ManualClock` (koko_shared.testing.clock); never sleep to force an interleaving. The deadline is
a safety net for a broken system, not a measurement: choose it generously (start-up on a loaded
machine takes seconds)."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")
INTERVAL_SECONDS = 0.05


def wait_until(
    condition: Callable[[], T],
    *,
    seconds: float,
    what: str,
    interval: float = INTERVAL_SECONDS,
) -> T:
    """The first true value of `condition()`, asked every `interval` seconds; TimeoutError
    naming `what` after `seconds`. An exception from `condition` (a process that
    exited) ends the wait at once."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not within {seconds:g} s")
        time.sleep(interval)


async def wait_until_async(
    condition: Callable[[], T | Awaitable[T]],
    *,
    seconds: float,
    what: str,
    interval: float = INTERVAL_SECONDS,
) -> T:
    """`wait_until` inside a running event loop: the condition may be a coroutine function (a
    query on the test's own database connection), and the loop keeps running between looks."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value  # type: ignore[return-value]
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not within {seconds:g} s")
        await asyncio.sleep(interval)
