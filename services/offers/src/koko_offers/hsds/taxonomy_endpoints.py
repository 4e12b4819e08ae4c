"""HSDS taxonomies and taxonomy terms: Koko's categories and course types as two taxonomies."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from koko_offers.feeds.language import feed_language
from koko_offers.hsds import params, service
from koko_offers.hsds.mapping import common, taxonomies
from koko_offers.hsds.responses import Lang, Page, PerPage, json_response
from koko_shared.database.read_replica import ReadSessionDep
from koko_shared.errors import NotFound

router = APIRouter(prefix="/hsds", tags=["HSDS 3.1"])


def _paged(items: list[dict[str, Any]], page: int | None, per_page: int | None) -> Any:
    page_number, size = params.page_params(page, per_page)
    contents = items[(page_number - 1) * size : page_number * size]
    return common.page(contents, total=len(items), page_number=page_number, per_page=size)


@router.get("/taxonomies", summary="The taxonomies Koko classifies services by")
async def list_taxonomies(
    request: Request, page: Page = None, per_page: PerPage = None, search: params.Search = None
) -> Response:
    items = taxonomies.taxonomies()
    wanted = params.parse_search(search)
    if wanted:
        items = [t for t in items if wanted.casefold() in t["name"].casefold()]
    return json_response(request, _paged(items, page, per_page))


@router.get("/taxonomies/{taxonomy_id}", summary="One taxonomy")
async def get_taxonomy(request: Request, taxonomy_id: str) -> Response:
    for taxonomy in taxonomies.taxonomies():
        if taxonomy["id"] == taxonomy_id:
            return json_response(request, taxonomy)
    raise NotFound("no taxonomy has this id")


async def _terms(
    session: ReadSessionDep, language: str, taxonomy_id: str | None = None
) -> list[dict[str, Any]]:
    wanted = params.parse_uuid(taxonomy_id, "taxonomy_id")
    codes = await service.CodeLists.load(session)
    terms: list[dict[str, Any]] = []
    if wanted in (None, taxonomies.CATEGORY_TAXONOMY_ID):
        terms += [
            taxonomies.category_term(row, language, codes.categories)
            for row in codes.categories.values()
        ]
    if wanted in (None, taxonomies.COURSE_TYPE_TAXONOMY_ID):
        terms += [taxonomies.course_type_term(row, language) for row in codes.course_types.values()]
    return terms


@router.get("/taxonomy_terms", summary="Categories and course types as taxonomy terms")
async def list_taxonomy_terms(
    request: Request,
    session: ReadSessionDep,
    page: Page = None,
    per_page: PerPage = None,
    taxonomy_id: params.OptionalId = None,
    parent_id: params.OptionalId = None,
    top_only: bool = False,
    search: params.Search = None,
    lang: Lang = None,
) -> Response:
    language = feed_language(request, lang)
    terms = await _terms(session, language, taxonomy_id)
    parent = params.parse_uuid(parent_id, "parent_id")
    if parent is not None:
        terms = [t for t in terms if t.get("parent_id") == str(parent)]
    if top_only:
        terms = [t for t in terms if not t.get("parent_id")]
    wanted = params.parse_search(search)
    if wanted:
        needle = wanted.casefold()
        terms = [t for t in terms if needle in t["name"].casefold() or needle in t["code"]]
    return json_response(request, _paged(terms, page, per_page), language)


@router.get("/taxonomy_terms/{term_id}", summary="One taxonomy term (a category or course type)")
async def get_taxonomy_term(
    request: Request, session: ReadSessionDep, term_id: str, lang: Lang = None
) -> Response:
    language = feed_language(request, lang)
    for term in await _terms(session, language):
        if term["id"] == term_id:
            return json_response(request, term, language)
    raise NotFound("no taxonomy term has this id")
