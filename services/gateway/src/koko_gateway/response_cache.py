"""Complete answers to anonymous queries, kept for the time the gateway tells HTTP caches they
may keep them (`public_cache_max_age_seconds`): a popular finder search sent by a thousand visitors
within that time is executed once, whether it comes by GET or POST.

Only what every anonymous visitor would get alike is kept: queries (never mutations) of callers
without credentials, answered completely (no errors), per document, operation name, variables and
served language. A client that asks for a fresh answer (`Cache-Control: no-cache` or
`max-age=0`) bypasses the kept one and refreshes it. Bounded in bytes per replica
(`response_cache_bytes`; koko_shared.bounded_cache).

With `response_cache_redis_url` the replicas share what they keep (`SharedAnswers`): one replica
executes a search, the other nine answer it from Redis until the same moment of expiry. Entries
there are signed with a key derived from the gateway's identity key, so whoever can write to Redis
cannot make the gateway serve an answer it did not compute; Redis's own `maxmemory` bounds it, and
no single answer larger than `SHARED_ENTRY_MAX_BYTES` is sent there.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any

import orjson
import structlog
from cryptography.hazmat.primitives import serialization

from koko_gateway.preparation import Response
from koko_gateway.settings import GatewaySettings
from koko_shared.auth.identity_keys import identity_signer
from koko_shared.bounded_cache import ByteLru

logger = structlog.get_logger(__name__)

REDIS_PREFIX = "koko:response:"
SHARED_ENTRY_MAX_BYTES = 1024 * 1024
# After Redis failed, it is not asked again for this long (the replica answers from memory).
REDIS_RETRY_SECONDS = 5.0
_MAC_BYTES = 32

Clock = Callable[[], float]


class SharedAnswers:
    """Kept answers in Redis, signed, with Redis's own expiry. Failures degrade to a miss."""

    def __init__(self, url: str, signing_key: bytes, *, clock: Clock = time.monotonic) -> None:
        import redis.asyncio as redis  # only needed when configured

        self.redis = redis.Redis.from_url(url, socket_timeout=0.3, socket_connect_timeout=0.3)
        self.signing_key = signing_key
        self.clock = clock
        self.down_until = 0.0

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self.signing_key, payload, hashlib.sha256).digest()

    async def get(self, digest: bytes) -> tuple[float, Response] | None:
        """The answer and the seconds it may still be kept, or None."""
        if self.clock() < self.down_until:
            return None
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.get(REDIS_PREFIX + digest.hex())
                pipe.pttl(REDIS_PREFIX + digest.hex())
                raw, pttl = await pipe.execute()
        except Exception as exc:
            self._failed(exc)
            return None
        if not isinstance(raw, bytes) or len(raw) <= _MAC_BYTES or pttl <= 0:
            return None
        mac, payload = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
        if not hmac.compare_digest(mac, self._mac(digest + payload)):
            logger.warning("a shared response-cache entry failed its signature; ignored")
            return None
        entry = orjson.loads(payload)
        return pttl / 1000, Response(200, entry["body"], entry["operation"])

    async def put(self, digest: bytes, payload: bytes, ttl_seconds: float) -> None:
        if self.clock() < self.down_until or len(payload) > SHARED_ENTRY_MAX_BYTES:
            return
        try:
            await self.redis.set(
                REDIS_PREFIX + digest.hex(),
                self._mac(digest + payload) + payload,
                px=max(1, int(ttl_seconds * 1000)),
            )
        except Exception as exc:
            self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        self.down_until = self.clock() + REDIS_RETRY_SECONDS
        logger.warning(
            "response cache in Redis unreachable; answering from memory",
            error=type(exc).__name__,
            retry_in_seconds=REDIS_RETRY_SECONDS,
        )

    async def aclose(self) -> None:
        await self.redis.aclose()


class ResponseCache:
    def __init__(
        self,
        max_bytes: int,
        ttl_seconds: float,
        *,
        shared: SharedAnswers | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self.entries: ByteLru[tuple[float, Response]] = ByteLru(max_bytes)
        self.ttl_seconds = ttl_seconds
        self.shared = shared
        self.clock = clock
        self.hits = 0

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0 and self.entries.max_bytes > 0

    @staticmethod
    def key(
        query: str, operation_name: str | None, variables: dict[str, Any], language: str
    ) -> bytes:
        """A digest, so that the kept entry does not hold the (up to 64 kB) document itself."""
        digest = hashlib.sha256()
        for part in (query, operation_name or "", language):
            digest.update(part.encode() + b"\0")
        digest.update(orjson.dumps(variables, option=orjson.OPT_SORT_KEYS))
        return digest.digest()

    async def get(self, key: bytes) -> Response | None:
        entry = self.entries.get(key)
        if entry is not None:
            expires_at, response = entry
            if self.clock() < expires_at:
                self.hits += 1
                return response
            self.entries.pop(key)
        if self.shared is None:
            return None
        found = await self.shared.get(key)
        if found is None:
            return None
        remaining, response = found
        self._keep(key, response, remaining, len(orjson.dumps(response.body)))
        self.hits += 1
        return response

    async def put(self, key: bytes, response: Response) -> None:
        if response.status != 200 or "errors" in response.body:
            return
        encoded = orjson.dumps(response.body)
        self._keep(key, response, self.ttl_seconds, len(encoded))
        if self.shared is not None:
            payload = orjson.dumps({"body": response.body, "operation": response.operation_name})
            await self.shared.put(key, payload, self.ttl_seconds)

    def _keep(self, key: bytes, response: Response, seconds: float, encoded_bytes: int) -> None:
        # The dict holds more than its JSON: counted twice.
        self.entries.put(key, (self.clock() + seconds, response), encoded_bytes * 2)

    async def aclose(self) -> None:
        if self.shared is not None:
            await self.shared.aclose()


def shared_answers(settings: GatewaySettings) -> SharedAnswers | None:
    """Redis for kept answers when `response_cache_redis_url` is set. Entries are signed with a
    key derived from the gateway's identity signing key, which every replica of one gateway
    holds (replicas with different keys simply do not share answers)."""
    if not settings.response_cache_redis_url:
        return None
    seed = identity_signer(settings).private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    key = hashlib.sha256(b"koko response cache\0" + seed).digest()
    return SharedAnswers(settings.response_cache_redis_url, key)


def wants_fresh(cache_control: str | None) -> bool:
    """True when the client's Cache-Control asks for an answer not taken from a cache."""
    if not cache_control:
        return False
    directives = {d.strip().lower() for d in cache_control.split(",")}
    return bool(directives & {"no-cache", "no-store", "max-age=0"})
