"""The GraphQL route: one session (and transaction) around each execution, actor and language
resolved; an anonymous caller's queries read from the replica when one is configured."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.responses import Response

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.schema import schema
from koko_offers.settings import OffersSettings
from koko_offers.webhook.dependencies import webhook_rules
from koko_shared.auth.dependencies import actor_from_request
from koko_shared.database.read_replica import graphql_session
from koko_shared.graphql.http_view import GraphQLRoute, KokoGraphQLView, answer_language


def graphql_route(settings: OffersSettings) -> GraphQLRoute:
    @asynccontextmanager
    async def open_context(request: Request, response: Response) -> AsyncIterator[OffersContext]:
        actor = await actor_from_request(request)
        async with graphql_session(request, actor) as session:
            yield OffersContext(
                request=request,
                response=response,
                session=session,
                actor=actor,
                language=answer_language(request, response),
                settings=settings,
                webhook_rules=await webhook_rules(request),
            )

    return KokoGraphQLView(schema, open_context, graphql_ide=settings.graphiql_enabled).route()
