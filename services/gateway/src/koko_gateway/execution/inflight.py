"""In-flight deduplication of subgraph fetches (Hive Gateway's `deduplicateRequests`, Apollo
Router's `traffic_shaping.deduplicate_query`).

While one fetch is on its way to a subgraph, an identical fetch (same subgraph, same request body,
same caller identity, same forwarded headers) waits for the same answer instead of being sent
again: a popular finder search that fifty visitors send at once costs the subgraph one query.
Mutations are never deduplicated. Each waiting caller receives the raw answer bytes and parses
its own copy, so no two operations share a mutable result. The exchange runs as a task of its own,
so a caller that goes away (client disconnect, timeout) does not cancel it for the others.

Bounded by the number of concurrent fetches: an entry lives exactly as long as its exchange."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

Answer = tuple[int, bytes]


class InFlight:
    def __init__(self) -> None:
        self._exchanges: dict[Hashable, asyncio.Future[Answer]] = {}
        # Called for each fetch answered by an exchange another caller started (metrics).
        self.on_shared: Callable[[], None] | None = None

    def __len__(self) -> int:
        return len(self._exchanges)

    async def join(self, key: Hashable, exchange: Callable[[], Awaitable[Answer]]) -> Answer:
        """The answer of the exchange running under `key`, starting it when none runs."""
        running = self._exchanges.get(key)
        if running is None:
            running = asyncio.ensure_future(exchange())
            self._exchanges[key] = running
            running.add_done_callback(lambda done: self._finished(key, done))
        elif self.on_shared is not None:
            self.on_shared()
        return await asyncio.shield(running)

    def _finished(self, key: Hashable, done: asyncio.Future[Answer]) -> None:
        if self._exchanges.get(key) is done:
            del self._exchanges[key]
        if not done.cancelled():
            done.exception()  # retrieved: every waiter may have gone away
