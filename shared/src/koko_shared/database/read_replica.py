"""Reads that tolerate lag served by a read replica (issue 18, scale-out).

With `<SERVICE>_DATABASE_READ_URL` set (e.g. CloudNativePG's `<cluster>-ro` service), a service
opens a second, read-only engine (`app.state.read_sessionmaker`; every transaction on it is
`READ ONLY`, so a write routed there by mistake fails instead of landing on a replica that
cannot take it). Unset, reads go to the primary as before.

What goes to the replica: public reads, where a few seconds of lag do no harm and nobody expects
to see their own write (feeds, HSDS, reports; GraphQL queries of anonymous callers, the finder's
search). Everything else stays on the primary: writes, and every request of a signed-in caller,
who may read what they just wrote (read-your-writes). The transaction is still owned by the
request (koko_shared.database.engine.request_session).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from graphql import GraphQLError, OperationDefinitionNode, OperationType
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Actor
from koko_shared.database.statement_sessions import statement_sessionmaker
from koko_shared.graphql.limits_extension import DEFAULT_LIMITS, cached_parse


def _read_maker(request: Request) -> async_sessionmaker[AsyncSession]:
    maker: async_sessionmaker[AsyncSession] | None = getattr(
        request.app.state, "read_sessionmaker", None
    )
    return maker if maker is not None else request.app.state.sessionmaker


async def read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """FastAPI dependency for public reads that tolerate lag: the replica's session if one is
    configured, else the primary's; one transaction per request."""
    async with _read_maker(request)() as session, session.begin():
        yield session


ReadSessionDep = Annotated[AsyncSession, Depends(read_session)]


def reads_only(method: str, body: bytes, max_tokens: int = DEFAULT_LIMITS.max_tokens) -> bool:
    """Whether a GraphQL request can only read: a GET (mutations over GET are refused) or a
    POST whose document holds queries only. Anything unclear counts as a write. The document is
    parsed through the parse cache the request's execution reads next, so it is parsed once."""
    if method == "GET":
        return True
    try:
        document = orjson.loads(body).get("query")
    except (orjson.JSONDecodeError, AttributeError):
        return False
    if not isinstance(document, str):
        return False
    try:
        parsed = cached_parse(document, max_tokens)
    except GraphQLError:
        return False  # answered as a syntax or limit error; where it is answered does not matter
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    return bool(operations) and all(op.operation == OperationType.QUERY for op in operations)


@asynccontextmanager
async def graphql_session(request: Request, actor: Actor) -> AsyncIterator[AsyncSession]:
    """The session of a /graphql request, around its execution (koko_shared.graphql.http_view):
    an anonymous caller's queries read from the replica, in a statement session
    (`koko_shared.database.statement_sessions`: no transaction block until a statement needs
    one); everything else (mutations, signed-in callers) from the primary, in the request's
    transaction, committed when the block ends and rolled back when it raises."""
    maker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    replica = getattr(request.app.state, "read_sessionmaker", None)
    limits = getattr(request.app.state, "operation_limits", None) or DEFAULT_LIMITS
    if actor.is_public and reads_only(request.method, await request.body(), limits.max_tokens):
        maker = _statement_maker(request, replica if replica is not None else maker)
    async with maker() as session, session.begin():
        yield session


def _statement_maker(
    request: Request, maker: async_sessionmaker[AsyncSession]
) -> async_sessionmaker[AsyncSession]:
    """The statement sessions of `maker`, made once per app and maker (`maker` itself when it
    cannot make them: a test's sessions bound to one connection)."""
    made: tuple[Any, Any] | None = getattr(request.app.state, "statement_sessionmakers", None)
    if made is None or made[0] is not maker:
        made = (maker, statement_sessionmaker(maker) or maker)
        request.app.state.statement_sessionmakers = made
    return made[1]
