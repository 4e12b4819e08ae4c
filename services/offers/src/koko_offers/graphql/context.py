"""Per-request GraphQL context: the request's session, actor, language, the service settings,
the webhook rules built from them, and dataloaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.settings import OffersSettings
from koko_offers.webhook.service import WebhookRules
from koko_shared.auth.actor import Actor
from koko_shared.graphql.request_context import RequestContext


@dataclass
class OffersContext(RequestContext):
    session: AsyncSession
    actor: Actor
    language: str
    settings: OffersSettings
    webhook_rules: WebhookRules
    # Dataloaders, created once per request by the loaders module of each domain.
    loaders: dict[str, Any] = field(default_factory=dict)
