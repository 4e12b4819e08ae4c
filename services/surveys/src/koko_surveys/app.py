"""create_app(): the surveys service — federation subgraph, bulk ingest, export, erasure."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from koko_shared.http.body_guard import BodyLimits, body_limits
from koko_shared.http.openapi import document_problems, operation_id
from koko_shared.service import ServiceSpec, configure_service_app, database_lifespan
from koko_surveys.codebook.endpoints import router as codebook_router
from koko_surveys.export.endpoints import router as export_router
from koko_surveys.graphql.route import graphql_route
from koko_surveys.ingest.endpoints import router as submission_router
from koko_surveys.ingest.schema import batch_components
from koko_surveys.instrument.endpoints import MAX_FORM_BYTES, MULTIPART_OVERHEAD_BYTES
from koko_surveys.instrument.endpoints import router as instrument_router
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.endpoints import router as subject_router
from koko_surveys.subject.pseudonym import load_keys
from koko_surveys.submission.endpoints import router as own_submission_router

SPEC = ServiceSpec(
    name="surveys", migrations_dir=Path(__file__).resolve().parents[2] / "migrations"
)


# Bulk endpoints take larger bodies than the default (GraphQL, small JSON).
_BATCH_PATH = re.compile(r"^/v1/studies/[^/]+/waves/[^/]+/submissions:batch$")
_INSTRUMENT_PATH = re.compile(r"^/v1/studies/[^/]+/instruments$")


def _bulk_body_limits(app: FastAPI) -> Callable[[str], BodyLimits | None]:
    def limits_for_path(path: str) -> BodyLimits | None:
        settings: SurveysSettings = app.state.settings
        if _BATCH_PATH.match(path):
            return body_limits(settings, settings.max_batch_bytes)
        if _INSTRUMENT_PATH.match(path):
            return body_limits(settings, MAX_FORM_BYTES + MULTIPART_OVERHEAD_BYTES)
        return None

    return limits_for_path


def create_app(settings: SurveysSettings | None = None) -> FastAPI:
    settings = settings or SurveysSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with database_lifespan(app, SPEC, settings):
            yield

    app = FastAPI(
        title="Koko surveys",
        description="Longitudinal surveys with pseudonymous panels and disclosure control.",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    configure_service_app(app, SPEC, settings, body_limits_for_path=_bulk_body_limits(app))
    # Keys live outside the database; loading them at creation fails fast when they are missing.
    app.state.pseudonym_keys = load_keys(settings)
    app.include_router(submission_router)
    app.include_router(own_submission_router)
    app.include_router(export_router)
    app.include_router(subject_router)
    app.include_router(instrument_router)
    app.include_router(codebook_router)
    app.router.routes.append(graphql_route(settings))
    document_problems(app, schemas=batch_components())
    return app
