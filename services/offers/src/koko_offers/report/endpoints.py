"""GET /reports/language-courses: the monthly language course overview of a region."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from koko_offers.feeds.language import feed_language
from koko_offers.hsds.params import RequiredRegion
from koko_offers.hsds.responses import Lang
from koko_offers.region.validation import validate_ars
from koko_offers.report import render, service, wording
from koko_shared.database.read_replica import ReadSessionDep
from koko_shared.errors import InvalidInput
from koko_shared.http.parameters import MONTH, documented
from koko_shared.http_caching import cache_headers, is_not_modified, not_modified, version_etag

router = APIRouter(prefix="/reports", tags=["reports"])

# A printed overview is looked at a few times a day; seats change slowly enough.
MAX_AGE = 3600
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _language(overview: service.Overview) -> dict[str, str]:
    shown = f"{overview.language}, de" if overview.bilingual else overview.language
    return {"Content-Language": shown, "Vary": "Accept-Language"}


@router.get(
    "/language-courses",
    summary="Monthly language course overview (printable)",
    response_class=Response,
    responses={
        200: {
            "description": "The overview as HTML (default), PDF, XLSX or CSV (`format`)",
            "content": {
                "text/html": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
                **{
                    media_type: {"schema": {"type": "string", "format": "binary"}}
                    for media_type in (MEDIA_TYPES["pdf"], MEDIA_TYPES["xlsx"])
                },
            },
        },
        304: {"description": "Not modified (conditional request)"},
    },
)
async def language_courses(
    request: Request,
    session: ReadSessionDep,
    region: RequiredRegion,
    month: Annotated[str, documented("The month (YYYY-MM, 2000-2100).", pattern=MONTH)],
    format: Annotated[
        str, documented("html, pdf, xlsx or csv.", enum=["html", "pdf", "xlsx", "csv"])
    ] = "html",
    lang: Lang = None,
    bilingual: Annotated[
        bool, Query(description="German beside the language, for taking to German offices.")
    ] = False,
) -> Response:
    validate_ars(region, field="region")
    output = format
    if output not in ("html", "pdf", "xlsx", "csv"):
        raise InvalidInput("format must be html, pdf, xlsx or csv", field="format")
    # XLSX and CSV are for offices and stay wholly German (column titles and cells alike).
    spreadsheet = output in ("xlsx", "csv")
    language = "de" if spreadsheet else wording.language_of(feed_language(request, lang))
    overview = await service.overview(
        session,
        region_ars=region,
        month=month,
        language=language,
        bilingual=bilingual and not spreadsheet,
    )
    # Made from the printed rows, not the bytes: the PDF and the "as of" line carry the time of
    # rendering, which must not make every request look changed.
    rows = [line.row for group in overview.groups for line in group.lines]
    headers = cache_headers(
        etag=version_etag(request.url, repr(rows)),
        max_age=MAX_AGE,
        last_modified=overview.modified_at,
    )
    if is_not_modified(request, etag=headers["ETag"], last_modified=overview.modified_at):
        return not_modified(headers)
    filename = f"sprachkurse-{region}-{overview.month.strftime('%Y-%m')}.{output}"
    if output == "html":
        return HTMLResponse(render.html(overview), headers=headers | _language(overview))
    if output == "pdf":
        # WeasyPrint is CPU-bound; keep the event loop free for other requests.
        body: bytes | str = await asyncio.to_thread(render.pdf, overview)
    elif output == "xlsx":
        body = await asyncio.to_thread(render.xlsx, overview)
    else:
        body = render.csv_text(overview)
    return Response(
        body,
        media_type=MEDIA_TYPES[output],
        headers={
            **headers,
            **_language(overview),
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )
