"""Engine and the request-owned transaction: commit on success, roll back on error, in one place."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from koko_shared.database.compiled_cache import CompiledCache

DEFAULT_COMPILED_CACHE_BYTES = 32 * 1024 * 1024


def _json_dumps(value: object) -> str:
    return orjson.dumps(value).decode()


def create_engine(
    url: URL,
    *,
    pool_size: int = 10,
    pool_timeout: float = 30.0,
    echo: bool = False,
    read_only: bool = False,
    compiled_cache_bytes: int = DEFAULT_COMPILED_CACHE_BYTES,
) -> AsyncEngine:
    """`pool_timeout`: seconds a caller waits for a free connection before
    `sqlalchemy.exc.TimeoutError` (answered 503 OVERLOADED by the services). `read_only`: every
    transaction is READ ONLY (a replica's engine: a write sent there fails at once).
    `compiled_cache_bytes`: the memory of compiled statements kept (`CompiledCache`).

    Liveness without a round trip per request (`pool_pre_ping` sent one before every checkout):
    a pooled connection whose socket the driver has seen closed (PostgreSQL restarted or shut
    down, a connection terminated) is replaced on checkout (`_replace_closed`); a connection that
    breaks without the driver noticing fails its statement, SQLAlchemy recognises the disconnect
    and invalidates the pool, so that request is answered SERVICE_UNAVAILABLE and the next ones
    connect afresh."""
    server_settings = {"default_transaction_read_only": "on"} if read_only else {}
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout,
        echo=echo,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
        connect_args={"server_settings": server_settings} if server_settings else {},
        execution_options={"compiled_cache": CompiledCache(compiled_cache_bytes)},
    )
    event.listen(engine.sync_engine.pool, "checkout", _replace_closed)
    return engine


def _replace_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled connection whose socket is closed (asyncpg's `is_closed()`, no I/O): the
    pool then discards it and checks out another one, or connects anew."""
    driver = getattr(dbapi_connection, "driver_connection", None)
    if driver is not None and driver.is_closed():
        raise DisconnectionError("the pooled connection was closed by the server")


class RequestSession(AsyncSession):
    """An AsyncSession whose database calls take turns. GraphQL resolves sibling fields, list
    items and dataloader batches concurrently on the one session of a request, and a session
    must not run two statements at once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turn = asyncio.Lock()


def _taking_turns(name: str) -> Any:
    method = getattr(AsyncSession, name)

    @functools.wraps(method)
    async def call(self: RequestSession, *args: Any, **kwargs: Any) -> Any:
        async with self._turn:
            return await method(self, *args, **kwargs)

    return call


# `scalars` and `stream_scalars` go through `execute` and `stream`, so they are not listed.
for _name in (
    "execute",
    "scalar",
    "get",
    "get_one",
    "stream",
    "refresh",
    "flush",
    "merge",
    "delete",
    "run_sync",
):
    setattr(RequestSession, _name, _taking_turns(_name))


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        engine, class_=RequestSession, expire_on_commit=False, autoflush=False
    )


@asynccontextmanager
async def request_transaction(request: Request) -> AsyncIterator[AsyncSession]:
    """One session and one transaction for the request.

    Code below only flushes; the transaction commits here when the block ends and rolls back
    when it raises. `app.state.sessionmaker` is set by the service's lifespan (tests swap it for
    one bound to a connection that is rolled back afterwards).
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session, session.begin():
        yield session


async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """FastAPI dependency: the handler's `request_transaction`."""
    async with request_transaction(request) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(request_session)]


@asynccontextmanager
async def brief_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A read-only session of its own whose connection goes back to the pool when the block ends:
    for the checks a handler makes before a slow step it must not hold a connection through
    (reading a large upload that trickles in). The request's own session takes its connection
    only at its first statement, after that step; it repeats the checks it relies on."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        yield session  # closing the session rolls back and returns the connection
