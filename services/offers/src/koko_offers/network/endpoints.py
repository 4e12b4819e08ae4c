"""GET /feeds/actor-network.{graphml,gexf,svg,png}: a region's network on a day as files, with
the same rules as the GraphQL fields (the public gets what the region published; coordinators
everything of their region, with their token)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from koko_offers.feeds.language import feed_language
from koko_offers.hsds.params import RequiredRegion
from koko_offers.hsds.responses import Lang
from koko_offers.network import export, service
from koko_offers.network.figures import figures
from koko_offers.network.visibility import network_view
from koko_offers.region.validation import validate_ars
from koko_shared.auth.dependencies import CurrentActor
from koko_shared.database.engine import SessionDep
from koko_shared.errors import InvalidInput
from koko_shared.http_caching import (
    cache_headers,
    is_not_modified,
    latest,
    not_modified,
    version_etag,
)

OUTPUTS = ["graphml", "gexf", "svg", "png"]
router = APIRouter(prefix="/feeds", tags=["actor network"])
MAX_AGE = 300
DRAWING_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
MEDIA_TYPES = {**export.MEDIA_TYPES, **DRAWING_TYPES}


@router.get(
    "/actor-network.{output}",
    summary="A region's actor network as GraphML, GEXF, SVG or PNG",
    response_class=Response,
    responses={
        200: {
            "description": "The network on the day: GraphML/GEXF with each node's figures, or "
            "the drawing",
            "content": {
                media_type: {"schema": {"type": "string", "format": "binary"}}
                for media_type in MEDIA_TYPES.values()
            },
        },
        304: {"description": "Not modified (conditional request)"},
    },
)
async def actor_network(
    request: Request,
    session: SessionDep,
    caller: CurrentActor,
    output: Annotated[
        str, Path(description="graphml, gexf, svg or png", json_schema_extra={"enum": OUTPUTS})
    ],
    region: RequiredRegion,
    on: Annotated[date | None, Query(description="The day to show; default: today")] = None,
    lang: Lang = None,
) -> Response:
    if output not in MEDIA_TYPES:
        raise InvalidInput("the file type must be graphml, gexf, svg or png", field="output")
    validate_ars(region, field="region")
    language = feed_language(request, lang)
    view = network_view(caller, region)
    day = on or date.today()
    snapshot = await service.snapshot(session, view, day)
    modified = latest(
        [
            *(a.updated_at for a in snapshot.actors),
            *(g.updated_at for g in snapshot.groups),
            *(t.updated_at for t in snapshot.ties),
        ]
    )
    rows = sorted(
        (str(row.id), row.version)
        for rows_of_kind in (snapshot.actors, snapshot.groups, snapshot.ties)
        for row in rows_of_kind
    )
    headers = {
        **cache_headers(
            etag=version_etag(
                output, region, day, view.label, language, rows, sorted(snapshot.names.items())
            ),
            max_age=MAX_AGE,
            last_modified=modified,
            private=not caller.is_public,
        ),
        "Vary": "Authorization, Accept-Language",
    }
    if is_not_modified(request, etag=headers["ETag"], last_modified=modified):
        return not_modified(headers)
    result = figures(snapshot.graph())
    if output in export.MEDIA_TYPES:
        body = (
            export.graphml(snapshot, result)
            if output == "graphml"
            else export.gexf(snapshot, result)
        )
    else:
        # matplotlib is imported when a picture is first asked for: it is big, and a service
        # that never draws should not carry it (nor pay for it in every garbage collection).
        from koko_offers.network import drawing

        # Drawing is CPU-bound; keep the event loop free for other requests.
        body = await asyncio.to_thread(
            drawing.draw, snapshot, result, output=output, language=language
        )
    filename = f"akteursnetzwerk-{region}-{day.isoformat()}.{output}"
    disposition = "inline" if output in DRAWING_TYPES else "attachment"
    return Response(
        body,
        media_type=MEDIA_TYPES[output],
        headers={**headers, "Content-Disposition": f'{disposition}; filename="{filename}"'},
    )
