"""create_app(): the offers service — federation subgraph, REST feeds, health and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from koko_offers.feeds.cors import PublicFeedCors
from koko_offers.feeds.endpoints import feeds_router
from koko_offers.graphql.route import graphql_route
from koko_offers.monitoring.endpoints import router as monitoring_router
from koko_offers.offer import statement_caches
from koko_offers.offer.search_plans import SEARCH_PLANS
from koko_offers.offer.search_text_cache import PREPARED_SEARCHES
from koko_offers.report.endpoints import router as report_router
from koko_offers.settings import OffersSettings
from koko_offers.webhook.dispatcher import webhook_dispatcher
from koko_offers.webhook.endpoints import router as webhook_router
from koko_offers.webhook.service import WebhookRules
from koko_shared.http.openapi import document_problems, operation_id
from koko_shared.service import ServiceSpec, configure_service_app, database_lifespan

# The REST routes (GraphQL documents itself); their errors are problem+json.
REST_PREFIXES = ("/hsds", "/feeds", "/offers/", "/reports", "/webhooks")
SPEC = ServiceSpec(name="offers", migrations_dir=Path(__file__).resolve().parents[2] / "migrations")


def create_app(settings: OffersSettings | None = None) -> FastAPI:
    settings = settings or OffersSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with database_lifespan(app, SPEC, settings), webhook_dispatcher(app, settings):
            yield

    app = FastAPI(
        title="Koko offers",
        description="Catalogue of education offers for newcomers: federation subgraph and feeds.",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    configure_service_app(app, SPEC, settings)
    app.state.webhook_rules = WebhookRules.from_settings(settings)
    statement_caches.configure(settings.statement_cache_bytes)
    PREPARED_SEARCHES.configure(settings.prepared_search_cache_bytes)
    SEARCH_PLANS.configure(settings.search_plan_cache_bytes)
    app.router.routes.append(graphql_route(settings))
    app.include_router(feeds_router)
    app.include_router(report_router)
    app.include_router(monitoring_router)
    app.include_router(webhook_router)
    document_problems(app, path_prefix=REST_PREFIXES)
    app.add_middleware(PublicFeedCors)
    return app
