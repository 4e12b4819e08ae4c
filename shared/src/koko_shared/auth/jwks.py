"""The identity provider's signing keys from its JWKS URL, fetched without blocking the event loop.

Known key ids answer from memory. An unknown key id (a rotation, or a forged token) waits for a
fetch, but a fetch starts at most `min_refresh_seconds` after the previous one ended: concurrent
requests share the one in flight, and in between an unknown key id fails at once. Keys older
than `max_age_seconds` are refreshed in the background while the old ones keep answering. A
failed fetch keeps the keys already known.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt

from koko_shared.telemetry import logger

# A JWKS is a few kilobytes; anything much larger is not one.
MAX_JWKS_BYTES = 1_000_000


class JwksCache:
    def __init__(
        self,
        url: str,
        *,
        min_refresh_seconds: float = 30.0,
        max_age_seconds: float = 300.0,
        timeout_seconds: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.clock = clock  # injected by tests that move time instead of waiting
        self.min_refresh_seconds = min_refresh_seconds
        self.max_age_seconds = max_age_seconds
        self.timeout_seconds = timeout_seconds
        self.transport = transport
        self.fetches = 0  # attempts so far, for tests and operators
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._inflight: asyncio.Task[None] | None = None

    async def key(self, key_id: str) -> Any | None:
        """The verification key for `key_id`, or None when the provider does not publish it."""
        now = self.clock()
        known = self._keys.get(key_id)
        if known is not None:
            if self._fetched_at is not None and now - self._fetched_at > self.max_age_seconds:
                self._start_fetch(now)  # in the background: this request does not wait
            return known
        fetch = self._start_fetch(now)
        if fetch is None:
            return None
        # Shielded: a caller that gives up does not cancel the fetch the others wait for.
        await asyncio.shield(fetch)
        return self._keys.get(key_id)

    def _start_fetch(self, now: float) -> asyncio.Task[None] | None:
        """The fetch in flight, a new one if the interval allows, else None."""
        if self._inflight is not None and not self._inflight.done():
            return self._inflight
        if self._attempted_at is not None and now - self._attempted_at < self.min_refresh_seconds:
            return None
        self._attempted_at = now
        self.fetches += 1
        self._inflight = asyncio.get_running_loop().create_task(self._fetch())
        return self._inflight

    async def _fetch(self) -> None:
        try:
            async with (
                httpx.AsyncClient(
                    transport=self.transport, timeout=self.timeout_seconds, follow_redirects=False
                ) as client,
                client.stream("GET", self.url) as response,
            ):
                response.raise_for_status()
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_JWKS_BYTES:
                        raise ValueError(f"the JWKS is larger than {MAX_JWKS_BYTES} bytes")
            keys = jwt.PyJWKSet.from_json(body.decode()).keys
        except Exception as exc:  # the provider down or answering nonsense: keep what we have
            logger.warning("JWKS fetch failed", url=self.url, error=f"{type(exc).__name__}: {exc}")
            return
        finally:
            # The interval counts from the end of a fetch: a slow provider is not asked again
            # the moment it has answered.
            self._attempted_at = self.clock()
        self._keys = {key.key_id: key.key for key in keys if key.key_id}
        self._fetched_at = self.clock()
