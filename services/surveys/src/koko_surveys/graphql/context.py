"""Per-request GraphQL context: the request's session, actor, language, keys and dataloaders.

Resolvers run concurrently on the one session of the request; it is a RequestSession, whose
statements take turns, so resolvers use `context.session` directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.graphql.request_context import RequestContext
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.pseudonym import PseudonymKeys


@dataclass
class SurveysContext(RequestContext):
    session: AsyncSession
    actor: Actor
    language: str
    settings: SurveysSettings
    keys: PseudonymKeys
    # Dataloaders, created once per request by the loaders module of each domain.
    loaders: dict[str, Any] = field(default_factory=dict)
