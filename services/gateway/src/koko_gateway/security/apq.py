"""Automatic persisted queries (Apollo's APQ protocol): a client sends only
`extensions.persistedQuery = {version: 1, sha256Hash}`; an unknown hash is answered
PERSISTED_QUERY_NOT_FOUND, and the client then sends hash and query together, which registers
the query under its hash. A hash that is not the query's SHA-256 is refused.

The store is an in-memory LRU bounded in bytes per gateway replica, optionally backed by Redis so
that all replicas share what any of them registered. Trusted-documents mode
(`persisted_operations_only`) turns registration off: there only the manifest's operations run.
"""

from __future__ import annotations

import hashlib
import sys
from typing import Any, Protocol

from koko_gateway.settings import GatewaySettings
from koko_shared.bounded_cache import ByteLru
from koko_shared.errors import ErrorCode
from koko_shared.telemetry import logger

APQ_VERSION = 1
# Apollo clients look for this message (older ones) or the code (newer ones).
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
REDIS_PREFIX = "koko:apq:"


class PersistedQueryError(Exception):
    def __init__(self, message: str, code: ErrorCode) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def persisted_query_hash(body: dict[str, Any]) -> str | None:
    """The APQ hash of a request, None when it is not an APQ request. Raises
    PersistedQueryError for a malformed `persistedQuery` extension."""
    extensions = body.get("extensions")
    if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict) or persisted.get("version") != APQ_VERSION:
        raise PersistedQueryError(
            "Unsupported persisted query version: send {version: 1, sha256Hash}.",
            ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or len(digest) != 64:
        raise PersistedQueryError(
            "sha256Hash must be 64 hexadecimal digits.", ErrorCode.BAD_USER_INPUT
        )
    return digest.lower()


def check_hash(digest: str, query: str) -> None:
    if hashlib.sha256(query.encode()).hexdigest() != digest:
        raise PersistedQueryError("provided sha does not match query", ErrorCode.BAD_USER_INPUT)


class QueryStore(Protocol):
    async def get(self, digest: str) -> str | None: ...

    async def put(self, digest: str, query: str) -> None: ...


class MemoryQueryStore:
    """At most `max_bytes` of queries (with their hashes); the least recently used are
    forgotten first."""

    def __init__(self, max_bytes: int) -> None:
        self._queries: ByteLru[str] = ByteLru(max_bytes)

    def __len__(self) -> int:
        return len(self._queries)

    @property
    def bytes(self) -> int:
        return self._queries.bytes

    async def get(self, digest: str) -> str | None:
        return self._queries.get(digest)

    async def put(self, digest: str, query: str) -> None:
        self._queries.put(digest, query, sys.getsizeof(digest) + sys.getsizeof(query))


class RedisQueryStore:
    """The in-memory store in front of Redis (shared by replicas, entries expire after `ttl`).
    When Redis is unreachable the gateway keeps working with its own memory."""

    def __init__(self, url: str, *, memory: MemoryQueryStore, ttl_seconds: int) -> None:
        import redis.asyncio as redis  # only needed when configured

        self.redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.memory = memory
        self.ttl_seconds = ttl_seconds

    async def get(self, digest: str) -> str | None:
        query = await self.memory.get(digest)
        if query is not None:
            return query
        try:
            raw = await self.redis.get(REDIS_PREFIX + digest)
        except Exception as exc:
            logger.warning("APQ store in Redis unreachable", error=type(exc).__name__)
            return None
        if raw is None:
            return None
        query = raw.decode() if isinstance(raw, bytes) else str(raw)
        # Redis holds what was registered with the hash checked; check again all the same,
        # since anyone who can write to Redis could otherwise choose what a hash runs.
        try:
            check_hash(digest, query)
        except PersistedQueryError:
            return None
        await self.memory.put(digest, query)
        return query

    async def put(self, digest: str, query: str) -> None:
        await self.memory.put(digest, query)
        try:
            await self.redis.set(REDIS_PREFIX + digest, query, ex=self.ttl_seconds)
        except Exception as exc:
            logger.warning("APQ store in Redis unreachable", error=type(exc).__name__)

    async def aclose(self) -> None:
        await self.redis.aclose()


def query_store(settings: GatewaySettings) -> QueryStore | None:
    """The APQ store the settings ask for; None when APQ is off or in trusted-documents mode."""
    if not settings.apq_enabled or settings.persisted_operations_only:
        return None
    memory = MemoryQueryStore(settings.apq_cache_bytes)
    if settings.apq_redis_url:
        return RedisQueryStore(
            settings.apq_redis_url, memory=memory, ttl_seconds=settings.apq_ttl_seconds
        )
    return memory
