"""HSDS 3.1 endpoints under /hsds: public, published offers only, JSON pages or an ndjson stream."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from koko_offers.feeds.language import feed_language
from koko_offers.hsds import params, repository, service
from koko_offers.hsds.mapping import common, locations, organizations
from koko_offers.hsds.params import ServiceFilter
from koko_offers.hsds.responses import (
    MAX_AGE,
    Lang,
    Page,
    PerPage,
    json_response,
    latest_change,
)
from koko_shared.database.read_replica import ReadSessionDep
from koko_shared.errors import InvalidInput, NotFound
from koko_shared.http_caching import cache_headers, is_not_modified, not_modified, version_etag

router = APIRouter(prefix="/hsds", tags=["HSDS 3.1"])

OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json"
PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/overview.html"


def _page(contents: list[dict[str, Any]], total: int, page_number: int, size: int) -> Any:
    return common.page(contents, total=total, page_number=page_number, per_page=size)


def _format(value: str | None) -> str:
    value = value or "json"
    if value not in ("json", "ndjson"):
        raise InvalidInput("format must be json or ndjson", field="format")
    return value


@router.get("/", summary="API metadata")
async def api_metadata(request: Request) -> Response:
    return json_response(
        request,
        {
            "version": common.HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": OPENAPI_URL,
            "publisher": "Koko – Kommunale Koordinierung der Bildungsangebote für Neuzugewanderte",
        },
    )


@router.get(
    "/services",
    summary="Services (offers), paginated or as an ndjson stream",
    responses={
        200: {
            "description": "A page (JSON) or, with `format=ndjson`, one service per line",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        },
        304: {"description": "Not modified (conditional request)"},
    },
)
async def list_services(
    request: Request,
    session: ReadSessionDep,
    page: Page = None,
    per_page: PerPage = None,
    format: params.Format = None,
    modified_after: params.ModifiedAfter = None,
    taxonomy_term_id: params.TaxonomyTermId = None,
    organization_id: params.OrganizationId = None,
    search: params.Search = None,
    proximity: params.ProximityMeters = None,
    lat: params.Latitude = None,
    lon: params.Longitude = None,
    postcode: params.Postcode = None,
    region: params.Region = None,
    full: bool = False,
    lang: Lang = None,
) -> Response:
    output = _format(format)
    page_number, size = params.page_params(page, per_page)
    language = feed_language(request, lang)
    criteria = params.service_filter(
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        organization_id=organization_id,
        modified_after=modified_after,
        region=region,
        proximity=proximity,
        lat=lat,
        lon=lon,
        postcode=postcode,
    )
    codes = await service.CodeLists.load(session)
    where = await service.where_for(session, criteria, codes)
    if output == "ndjson":
        count, modified = await repository.services_version(session, where)
        headers = {"Content-Language": language, "Vary": "Accept-Language"}
        headers |= cache_headers(
            etag=version_etag(request.url, language, count, modified),
            max_age=MAX_AGE,
            last_modified=modified,
        )
        if is_not_modified(request, etag=headers["ETag"], last_modified=modified):
            return not_modified(headers)
        return StreamingResponse(
            _ndjson(request, where, language, codes),
            media_type="application/x-ndjson",
            headers=headers,
        )
    total = await repository.count_services(session, where)
    rows = await repository.services_page(
        session, where, limit=size, offset=(page_number - 1) * size
    )
    if full:
        contents = await service.full_services(session, rows, language=language, codes=codes)
    else:
        contents = await service.list_items(session, rows, language=language)
    return json_response(
        request,
        _page(contents, total, page_number, size),
        language,
        last_modified=latest_change(rows),
    )


async def _ndjson(
    request: Request, where: repository.Where, language: str, codes: service.CodeLists
) -> AsyncIterator[bytes]:
    # The request's own session ends with the handler; the stream reads in a session of its own.
    async with request.app.state.sessionmaker() as session:
        async for batch in service.stream_services(session, where, language=language, codes=codes):
            yield b"".join(orjson.dumps(item) + b"\n" for item in batch)


@router.get("/services/{service_id}", summary="One service with all related data")
async def get_service(
    request: Request, session: ReadSessionDep, service_id: params.IdPath, lang: Lang = None
) -> Response:
    language = feed_language(request, lang)
    offer_id = params.parse_uuid(service_id, "id")
    row = await repository.service(session, offer_id) if offer_id else None
    if row is None:
        raise NotFound("no published service with this id")
    codes = await service.CodeLists.load(session)
    [result] = await service.full_services(session, [row], language=language, codes=codes)
    return json_response(request, result, language, last_modified=latest_change([row]))


@router.get("/organizations", summary="Organizations (providers) with published offers")
async def list_organizations(
    request: Request,
    session: ReadSessionDep,
    page: Page = None,
    per_page: PerPage = None,
    search: params.Search = None,
    modified_after: params.ModifiedAfter = None,
    region: params.Region = None,
    lang: Lang = None,
) -> Response:
    page_number, size = params.page_params(page, per_page)
    language = feed_language(request, lang)
    where = repository.organization_where(
        search=params.parse_search(search),
        region_ars=params.parse_region(region),
        modified_after=params.parse_modified_after(modified_after),
    )
    total = await repository.count_organizations(session, where)
    rows = await repository.organizations_page(
        session, where, limit=size, offset=(page_number - 1) * size
    )
    texts = await repository.translations(session, "provider", [r["id"] for r in rows], language)
    contents = [organizations.organization(row, texts.get(row["id"])) for row in rows]
    page_body = _page(contents, total, page_number, size)
    return json_response(request, page_body, language, last_modified=latest_change(rows))


@router.get("/organizations/{organization_id}", summary="One organization with its services")
async def get_organization(
    request: Request, session: ReadSessionDep, organization_id: params.IdPath, lang: Lang = None
) -> Response:
    language = feed_language(request, lang)
    provider_id = params.parse_uuid(organization_id, "id")
    row = await repository.organization(session, provider_id) if provider_id else None
    if row is None:
        raise NotFound("no organization with published services has this id")
    texts = await repository.translations(session, "provider", [row["id"]], language)
    location_rows = await repository.locations_of(session, row["id"])
    location_texts = await repository.translations(
        session, "location", [r["id"] for r in location_rows], language
    )
    offer_rows = await repository.published_offers_of(session, row["id"])
    result = organizations.organization_full(
        row,
        texts.get(row["id"], {}),
        offer_rows,
        [locations.location(r, location_texts.get(r["id"])) for r in location_rows],
    )
    modified = latest_change([row, *offer_rows, *location_rows])
    return json_response(request, result, language, last_modified=modified)


@router.get("/service_at_locations", summary="Where each published service is offered")
async def list_service_at_locations(
    request: Request,
    session: ReadSessionDep,
    page: Page = None,
    per_page: PerPage = None,
    taxonomy_term_id: params.TaxonomyTermId = None,
    organization_id: params.OrganizationId = None,
    search: params.Search = None,
    region: params.Region = None,
    modified_after: params.ModifiedAfter = None,
    lang: Lang = None,
) -> Response:
    page_number, size = params.page_params(page, per_page)
    language = feed_language(request, lang)
    criteria = ServiceFilter(
        search=params.parse_search(search),
        taxonomy_term_id=params.parse_term(taxonomy_term_id),
        organization_id=params.parse_uuid(organization_id, "organization_id"),
        modified_after=params.parse_modified_after(modified_after),
        region_ars=params.parse_region(region),
    )
    codes = await service.CodeLists.load(session)
    where = await service.where_for(session, criteria, codes, located_only=True)
    total = await repository.count_services(session, where)
    rows = await repository.services_page(
        session, where, limit=size, offset=(page_number - 1) * size
    )
    location_rows = await repository.locations(session, [r["location_id"] for r in rows])
    location_texts = await repository.translations(
        session, "location", list(location_rows), language
    )
    contents = []
    for row in rows:
        location_row = location_rows.get(row["location_id"])
        if location_row is None:
            continue
        location = locations.location(location_row, location_texts.get(location_row["id"]))
        item = locations.service_at_location(str(row["id"]), location)
        contents.append(item)
    modified = latest_change([*rows, *location_rows.values()])
    return json_response(
        request, _page(contents, total, page_number, size), language, last_modified=modified
    )


@router.get(
    "/service_at_locations/{service_at_location_id}",
    summary="One service at one location, with the location fully nested",
)
async def get_service_at_location(
    request: Request,
    session: ReadSessionDep,
    service_at_location_id: params.IdPath,
    lang: Lang = None,
) -> Response:
    language = feed_language(request, lang)
    wanted = params.parse_uuid(service_at_location_id, "id")
    found = await service.find_service_at_location(session, wanted) if wanted else None
    if found is None:
        raise NotFound("no published service at a location has this id")
    row, location_id = found
    codes = await service.CodeLists.load(session)
    [full] = await service.full_services(session, [row], language=language, codes=codes)
    [result] = [s for s in full["service_at_locations"] if s["location_id"] == str(location_id)]
    modified = latest_change([row])
    return json_response(request, result, language, last_modified=modified)
