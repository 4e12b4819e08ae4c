"""FastAPI dependencies of webhooks: the app's webhook rules, typed (REST handlers and the GraphQL
context opener take them from here, never from `app.state` themselves)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from koko_offers.webhook.service import WebhookRules


async def webhook_rules(request: Request) -> WebhookRules:
    """The rules create_app built once from the app's settings. Asynchronous although it does
    not wait: FastAPI runs a plain function in a worker thread, a hop on every request."""
    rules: WebhookRules = request.app.state.webhook_rules
    return rules


WebhookRulesDep = Annotated[WebhookRules, Depends(webhook_rules)]
