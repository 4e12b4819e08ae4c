"""Engine and the request-owned transaction: commit on success, roll back on error, in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

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


def create_engine(url: URL, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        echo=echo,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


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
