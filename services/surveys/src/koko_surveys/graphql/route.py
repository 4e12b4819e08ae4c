"""The GraphQL route: one session (and transaction) around each execution, actor and language
resolved."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.responses import Response

from koko_shared.auth.dependencies import actor_from_request
from koko_shared.database.engine import request_transaction
from koko_shared.graphql.http_view import GraphQLRoute, KokoGraphQLView, answer_language
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.graphql.schema import schema
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.dependencies import pseudonym_keys


def graphql_route(settings: SurveysSettings) -> GraphQLRoute:
    @asynccontextmanager
    async def open_context(request: Request, response: Response) -> AsyncIterator[SurveysContext]:
        actor = await actor_from_request(request)
        async with request_transaction(request) as session:
            yield SurveysContext(
                request=request,
                response=response,
                session=session,
                actor=actor,
                language=answer_language(request, response),
                settings=settings,
                keys=pseudonym_keys(request),
            )

    return KokoGraphQLView(schema, open_context, graphql_ide=settings.graphiql_enabled).route()
