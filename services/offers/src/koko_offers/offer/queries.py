"""Root query field `offers`: search and filter the catalogue."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.location import repository as location_repository
from koko_offers.offer import criteria as offer_criteria
from koko_offers.offer import search as offer_search
from koko_offers.offer.connection import CountQuery, OfferConnection, OfferFacets
from koko_offers.offer.criteria import GeoCircle, OfferCriteria
from koko_offers.offer.facets import facet_counts
from koko_offers.offer.filters import DateWindow, GeoCircleInput, OfferFilter
from koko_offers.offer.search_text import prepare_search
from koko_offers.offer.text_search import SearchText
from koko_offers.offer.types import Offer, OfferOrder, OfferStatus
from koko_offers.offer.visibility import read_scope
from koko_offers.region.validation import validate_ars
from koko_shared.errors import InvalidInput
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.ids import local_id
from koko_shared.i18n import is_language_tag, normalize_tag
from koko_shared.pagination import page_request

MAX_RADIUS_KM = 200.0
_POSTCODE = re.compile(r"^[0-9]{5}$")
MAX_LIST_VALUES = 100


@strawberry.type
class OfferQueries:
    @strawberry.field(description="Search and filter offers; Relay connection, `first` ≤ 100.")
    async def offers(
        self,
        info: Info[OffersContext, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            OfferFilter | None,
            strawberry.argument(description="Which offers; left out: all the caller may see."),
        ] = None,
        order_by: Annotated[
            OfferOrder | None,
            strawberry.argument(
                description="Sort order; default: relevance with a search, else title."
            ),
        ] = None,
    ) -> OfferConnection:
        request = page_request(first, after, last, before)
        given = filter or OfferFilter()
        centre = await postcode_centre(info.context.session, given.near)
        criteria = criteria_of(given, centre=centre)
        scope = read_scope(info.context.actor)
        text = await _prepared(info.context, criteria.search)
        wanted = OfferConnection.wanted(info)
        page = await offer_search.search(
            info.context.session,
            criteria,
            scope,
            order=offer_criteria.OfferOrder(str(order_by.value)) if order_by else None,
            request=request,
            text=text,
            wanted=wanted,
        )
        return await OfferConnection.of_page(info, page, CountQuery(criteria, scope, text), wanted)

    @strawberry.field(
        description="Counts for every filter menu of an offer finder under `filter` (categories, "
        "course types, levels, areas, languages, target groups, childcare, free seats): ask for "
        "it beside `offers` with the same filter. Each menu counts with every other filter "
        "applied but not its own."
    )
    async def offer_facets(
        self,
        info: Info[OffersContext, None],
        filter: Annotated[
            OfferFilter | None,
            strawberry.argument(description="The finder's filter, as given to `offers`."),
        ] = None,
    ) -> OfferFacets:
        given = filter or OfferFilter()
        centre = await postcode_centre(info.context.session, given.near)
        criteria = criteria_of(given, centre=centre)
        text = await _prepared(info.context, criteria.search)
        scope = read_scope(info.context.actor)
        return OfferFacets.of(await facet_counts(info.context.session, criteria, scope, text))

    @strawberry.field(description="One offer by id; null when unknown or not visible to you.")
    async def offer(
        self,
        info: Info[OffersContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the offer.")],
    ) -> Offer | None:
        return await Offer.resolve_reference(info, id)


async def _prepared(context: OffersContext, search: str | None) -> SearchText | None:
    """The search prepared once per request, whichever root fields (`offers`, `offerFacets`)
    name it. Without a search there is nothing to prepare: no task, no turn of the event loop."""
    if not search:
        return None
    memo: dict[str | None, asyncio.Future[SearchText | None]] = context.loaders.setdefault(
        "prepared_search", {}
    )
    if search not in memo:
        memo[search] = asyncio.ensure_future(prepare_search(context.session, search))
    return await memo[search]


async def postcode_centre(
    session: AsyncSession, near: GeoCircleInput | None
) -> tuple[float, float] | None:
    """The centre of `near.postcode`, when the circle is given by a postcode."""
    if near is None or near.postcode is None:
        return None
    if near.lat is not None or near.lon is not None:
        raise InvalidInput("give either lat and lon or a postcode", field="filter.near")
    _require_postcode(near.postcode, "filter.near.postcode")
    centre = await location_repository.postcode_centroid(session, near.postcode)
    if centre is None:
        raise InvalidInput(
            "no location with postcode {postcode} is known",
            field="filter.near.postcode",
            params={"postcode": near.postcode},
        )
    return centre


def _require_postcode(value: str, field: str) -> None:
    if not _POSTCODE.match(value):
        raise InvalidInput("a postcode has five digits", field=field)


def criteria_of(given: OfferFilter, *, centre: tuple[float, float] | None = None) -> OfferCriteria:
    """Validate a filter: a clear error for each impossible value, never a database error.
    `centre`: of `near.postcode` (see `postcode_centre`)."""
    for name, values in (
        ("categories", given.categories),
        ("courseTypes", given.course_types),
        ("areas", given.areas),
        ("postcodes", given.postcodes),
        ("languages", given.languages),
        ("providers", given.providers),
    ):
        if values is not None and len(values) > MAX_LIST_VALUES:
            raise InvalidInput(
                "at most {limit} values are allowed",
                field=f"filter.{name}",
                params={"limit": MAX_LIST_VALUES},
            )
    if given.region_ars is not None:
        validate_ars(given.region_ars, field="filter.regionArs")
    languages = []
    for tag in given.languages or ():
        if not is_language_tag(tag):
            raise InvalidInput(
                "'{tag}' is not a language tag", field="filter.languages", params={"tag": tag[:40]}
            )
        languages.append(normalize_tag(tag))
    starts_from, starts_to = date_window(given.starts_between)
    statuses = [str(s.value) for s in given.status or [OfferStatus.PUBLISHED]]
    return OfferCriteria(
        search=given.search.strip() or None if given.search else None,
        category_codes=given.categories or (),
        course_type_codes=given.course_types or (),
        levels=[str(level.value) for level in given.levels or ()],
        region_ars=given.region_ars,
        area_codes=given.areas or (),
        postcodes=_postcodes(given.postcodes),
        starts_from=starts_from,
        starts_to=starts_to,
        has_free_seats=given.has_free_seats,
        childcare=given.childcare,
        target_groups=[str(g.value) for g in given.target_groups or ()],
        languages=languages,
        provider_ids=[_provider_id(p) for p in given.providers or ()],
        near=_circle(given.near, centre) if given.near else None,
        statuses=statuses,
    )


def date_window(window: DateWindow | None) -> tuple[date | None, date | None]:
    if window is None:
        return None, None
    if window.from_ and window.to and window.from_ > window.to:
        raise InvalidInput("`from` must not be after `to`", field="filter.startsBetween")
    return window.from_, window.to


def _postcodes(values: list[str] | None) -> list[str]:
    for value in values or ():
        _require_postcode(value, "filter.postcodes")
    return list(values or ())


def _circle(near: GeoCircleInput, centre: tuple[float, float] | None) -> GeoCircle:
    lat, lon = centre if centre is not None else (near.lat, near.lon)
    if lat is None or lon is None:
        raise InvalidInput("a circle needs lat and lon, or a postcode", field="filter.near")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise InvalidInput("lat must be within ±90 and lon within ±180", field="filter.near")
    if not 0 < near.radius_km <= MAX_RADIUS_KM:
        raise InvalidInput(
            "radiusKm must be above 0 and at most {limit}",
            field="filter.near.radiusKm",
            params={"limit": f"{MAX_RADIUS_KM:g}"},
        )
    return GeoCircle(lat, lon, near.radius_km)


def _provider_id(global_id: str) -> UUID:
    return local_id(global_id, "Provider", field="filter.providers")
