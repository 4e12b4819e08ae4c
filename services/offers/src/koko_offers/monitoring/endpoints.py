"""GET /reports/monitoring: the council's monitoring report of a region (coordinators), made
from one survey release and the public catalogue at a date, as HTML or PDF."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from typing import Annotated

import httpx
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from koko_offers.feeds.language import feed_language
from koko_offers.monitoring import render, service, wording
from koko_offers.monitoring.gateway import PublicApi
from koko_offers.region.validation import validate_ars
from koko_offers.settings import OffersSettingsDep
from koko_shared.auth.dependencies import CurrentActor
from koko_shared.errors import InvalidInput
from koko_shared.http.parameters import ARS, documented, whole

router = APIRouter(prefix="/reports", tags=["reports"])

# Relay ids (base64) and UUIDs; nothing else reaches the gateway. The patterns are stated in the
# OpenAPI document as the handler checks them (schemathesis holds the two together).
ID = "[A-Za-z0-9+/=_:-]{1,200}"
QUESTION = "[A-Za-z_][A-Za-z0-9_]{0,63}"
DAY = "(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}"
_ID = re.compile(f"^{ID}$")
_QUESTION = re.compile(f"^{QUESTION}$")
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def _validate(study: str, release: str, question: str, on: date, output: str) -> None:
    if not _ID.match(study):
        raise InvalidInput("study must be the study's id", field="study")
    if release != "latest" and not _ID.match(release):
        raise InvalidInput("release must be a release id or 'latest'", field="release")
    if not _QUESTION.match(question):
        raise InvalidInput("question must be the name of a select_one question", field="question")
    if not EARLIEST <= on <= LATEST:
        raise InvalidInput("date must lie between 2000-01-01 and 2100-12-31", field="date")
    if output not in ("html", "pdf"):
        raise InvalidInput("format must be html or pdf", field="format")


@router.get(
    "/monitoring",
    summary="Monitoring report for the council (coordinators of the region)",
    response_class=Response,
    responses={
        200: {
            "description": "The report as HTML (default) or PDF (`format`)",
            "content": {
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        },
    },
)
async def monitoring(
    request: Request,
    caller: CurrentActor,
    settings: OffersSettingsDep,
    region: Annotated[str, documented("Regionalschlüssel (12 digits) of the region", pattern=ARS)],
    study: Annotated[str, documented("Id of the study whose release is reported", pattern=ID)],
    release: Annotated[str, documented("Id of the release, or `latest`", pattern=ID)] = "latest",
    on: Annotated[
        date | None,
        Query(
            alias="date",
            description="Date of the catalogue figures (2000-01-01 to 2100-12-31); default today",
            json_schema_extra={"pattern": whole(DAY)},
        ),
    ] = None,
    format: Annotated[str, documented("html or pdf", enum=["html", "pdf"])] = "html",
    lang: Annotated[
        str | None,
        documented("de or en; else Accept-Language, else German", enum=["de", "en"]),
    ] = None,
    question: Annotated[
        str,
        documented(
            "The select_one question whose answers flow from wave to wave", pattern=QUESTION
        ),
    ] = service.DEFAULT_QUESTION,
) -> Response:
    validate_ars(region, field="region")
    day = on or date.today()
    output = format
    _validate(study, release, question, day, output)
    if lang is not None and lang not in wording.LANGUAGES:
        raise InvalidInput("lang must be de or en", field="lang")
    language = lang or feed_language(request, None)
    language = language if language in wording.LANGUAGES else "de"
    async with httpx.AsyncClient() as client:
        api = PublicApi(settings.gateway_url, language, client)
        report = await service.make(
            api,
            caller,
            region_ars=region,
            study_id=study,
            release=release,
            on=day,
            question=question,
        )
    headers = {
        "Cache-Control": "private, no-cache",
        "Content-Language": language,
        "X-Koko-Release": report.survey.release.id,
    }
    if output == "html":
        return HTMLResponse(await asyncio.to_thread(render.html, report), headers=headers)
    body = await asyncio.to_thread(render.pdf, report)
    filename = f"monitoring-{region}-{day.isoformat()}-{report.survey.release.number}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={**headers, "Content-Disposition": f'attachment; filename="{filename}"'},
    )
