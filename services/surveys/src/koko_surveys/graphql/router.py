"""The GraphQL router: one session (and transaction) per request, actor and language resolved."""

from __future__ import annotations

from fastapi import Depends, Request, Response

from koko_shared.auth.actor import Actor
from koko_shared.auth.dependencies import actor_from_request
from koko_shared.database.engine import SessionDep
from koko_shared.graphql.http_router import KokoGraphQLRouter
from koko_shared.i18n import served_language
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.graphql.schema import schema
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.dependencies import PseudonymKeysDep


def graphql_router(settings: SurveysSettings) -> KokoGraphQLRouter:
    async def get_context(
        request: Request,
        response: Response,
        session: SessionDep,
        keys: PseudonymKeysDep,
        actor: Actor = Depends(actor_from_request),
    ) -> SurveysContext:
        language = served_language(request.headers.get("accept-language"))
        response.headers["Content-Language"] = language
        response.headers["Vary"] = "Accept-Language"
        return SurveysContext(
            session=session,
            actor=actor,
            language=language,
            settings=settings,
            keys=keys,
        )

    return KokoGraphQLRouter(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
    )
