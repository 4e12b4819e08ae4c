"""Per-request GraphQL context: the request's session, actor, language, keys and dataloaders.

Resolvers run concurrently but one AsyncSession allows one statement at a time, so every
database access in GraphQL goes through `context.db()`, which serializes them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.fastapi import BaseContext

from koko_shared.auth.actor import Actor
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.pseudonym import PseudonymKeys


@dataclass
class SurveysContext(BaseContext):
    session: AsyncSession
    actor: Actor
    language: str
    settings: SurveysSettings
    keys: PseudonymKeys
    loaders: dict[str, Any] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        async with self.lock:
            yield self.session
