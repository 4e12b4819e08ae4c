"""The GraphQL router: one session (and transaction) per request, actor and language resolved;
an anonymous caller's queries read from the replica when one is configured."""

from __future__ import annotations

from fastapi import Depends, Request, Response

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.schema import schema
from koko_offers.settings import OffersSettings
from koko_offers.webhook.dependencies import WebhookRulesDep
from koko_shared.auth.actor import Actor
from koko_shared.auth.dependencies import actor_from_request
from koko_shared.database.read_replica import GraphQLSessionDep
from koko_shared.graphql.http_router import KokoGraphQLRouter
from koko_shared.i18n import served_language


def graphql_router(settings: OffersSettings) -> KokoGraphQLRouter:
    async def get_context(
        request: Request,
        response: Response,
        session: GraphQLSessionDep,
        webhook_rules: WebhookRulesDep,
        actor: Actor = Depends(actor_from_request),
    ) -> OffersContext:
        language = served_language(request.headers.get("accept-language"))
        response.headers["Content-Language"] = language
        response.headers["Vary"] = "Accept-Language"
        return OffersContext(
            session=session,
            actor=actor,
            language=language,
            settings=settings,
            webhook_rules=webhook_rules,
        )

    return KokoGraphQLRouter(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
    )
