"""Engine and the request-owned transaction: commit on success, roll back on error, in one place."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def _json_dumps(value: object) -> str:
    return orjson.dumps(value).decode()


def create_engine(
    url: URL, *, pool_size: int = 10, pool_timeout: float = 30.0, echo: bool = False
) -> AsyncEngine:
    """`pool_timeout`: seconds a caller waits for a free connection before
    `sqlalchemy.exc.TimeoutError` (answered 503 OVERLOADED by the services)."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,
        echo=echo,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
    )


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


async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """FastAPI dependency: one session and one transaction per request.

    Code below only flushes; the transaction commits here when the handler returns and rolls
    back when it raises. `app.state.sessionmaker` is set by the service's lifespan (tests swap it
    for one bound to a connection that is rolled back afterwards).
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session, session.begin():
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
