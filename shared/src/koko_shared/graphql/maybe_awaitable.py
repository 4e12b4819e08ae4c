"""Resolvers that answer at once when they can and wait only when they must.

graphql-core completes a field whose resolver returns a plain value on the spot; an awaitable
(every `async def` resolver's coroutine) costs a task and a turn of the event loop, for each
field of each item of a list. A resolver that usually has its value at hand (fetched with its
page, or needing no database at all) is therefore a plain function returning either the value or
an awaitable of it, declared with `strawberry.field(graphql_type=...)`."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TypeAlias, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

MaybeAwaitable: TypeAlias = T | Awaitable[T]


def then(value: MaybeAwaitable[T], function: Callable[[T], R]) -> MaybeAwaitable[R]:
    """`function(value)`, at once for a value, once it is there for an awaitable."""
    if inspect.isawaitable(value):
        awaitable = cast(Awaitable[T], value)

        async def later() -> R:
            return function(await awaitable)

        return later()
    return function(cast(T, value))
