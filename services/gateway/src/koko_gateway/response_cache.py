"""Complete answers to anonymous queries, kept for the time the gateway tells HTTP caches they
may keep them (`public_cache_max_age_seconds`): a popular finder search sent by a thousand visitors
within that time is executed once, whether it comes by GET or POST.

Only what every anonymous visitor would get alike is kept: queries (never mutations) of callers
without credentials, answered completely (no errors), per document, operation name, variables and
served language. A client that asks for a fresh answer (`Cache-Control: no-cache` or
`max-age=0`) bypasses the kept one and refreshes it. Bounded in bytes
(`response_cache_bytes`; koko_shared.bounded_cache), per replica."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Hashable
from typing import Any

import orjson

from koko_gateway.preparation import Response
from koko_shared.bounded_cache import ByteLru


class ResponseCache:
    def __init__(self, max_bytes: int, ttl_seconds: float) -> None:
        self.entries: ByteLru[tuple[float, Response]] = ByteLru(max_bytes)
        self.ttl_seconds = ttl_seconds
        self.hits = 0

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0 and self.entries.max_bytes > 0

    @staticmethod
    def key(
        query: str, operation_name: str | None, variables: dict[str, Any], language: str
    ) -> Hashable:
        """A digest, so that the kept entry does not hold the (up to 64 kB) document itself."""
        digest = hashlib.sha256()
        for part in (query, operation_name or "", language):
            digest.update(part.encode() + b"\0")
        digest.update(orjson.dumps(variables, option=orjson.OPT_SORT_KEYS))
        return digest.digest()

    def get(self, key: Hashable) -> Response | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        expires_at, response = entry
        if time.monotonic() >= expires_at:
            self.entries.pop(key)
            return None
        self.hits += 1
        return response

    def put(self, key: Hashable, response: Response) -> None:
        if response.status != 200 or "errors" in response.body:
            return
        size = len(orjson.dumps(response.body)) * 2  # the dict holds more than its JSON
        self.entries.put(key, (time.monotonic() + self.ttl_seconds, response), size)


def wants_fresh(cache_control: str | None) -> bool:
    """True when the client's Cache-Control asks for an answer not taken from a cache."""
    if not cache_control:
        return False
    directives = {d.strip().lower() for d in cache_control.split(",")}
    return bool(directives & {"no-cache", "no-store", "max-age=0"})
