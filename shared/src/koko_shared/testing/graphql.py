"""A GraphQL view for tests of the HTTP layer alone: no actor, no session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.responses import Response


@asynccontextmanager
async def no_context(request: Request, response: Response) -> AsyncIterator[dict[str, object]]:
    """The context of a schema whose resolvers read none: Strawberry's own defaults."""
    yield {"request": request, "response": response}
