"""Per-request dataloaders: each is created on first use in a request and kept in the context,
so that every lookup of one kind in one request is batched into a single query."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

K = TypeVar("K", bound=Hashable)

LoadMany = Callable[[AsyncSession, Sequence[K]], Awaitable[dict[K, Any]]]


class LoaderContext(Protocol):
    """What a GraphQL context offers loaders: the request's session and its loaders by name."""

    session: AsyncSession
    loaders: dict[str, Any]


def loader(
    context: LoaderContext, name: str, load_many: LoadMany[K], *, default: Any = None
) -> DataLoader[K, Any]:
    """The request's loader `name`. `load_many(session, keys)` returns what it found by key;
    keys it did not find load as `default`. The request's session takes statements in turns
    (RequestSession), so loaders of one request may run concurrently."""
    existing: DataLoader[K, Any] | None = context.loaders.get(name)
    if existing is None:
        session = context.session

        async def load(keys: list[K]) -> list[Any]:
            found = await load_many(session, keys)
            return [found.get(key, default) for key in keys]

        existing = context.loaders[name] = DataLoader(load_fn=load)
    return existing
