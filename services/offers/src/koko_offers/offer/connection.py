"""The page type of `offers` (edges, page info, the count: exact up to a bound, an estimate
beyond) and the facet counts of a finder's filter menus (`offerFacets`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.offer import counting
from koko_offers.offer.counting import EXACT_COUNT_BOUND, Count
from koko_offers.offer.criteria import OfferCriteria, OfferHit
from koko_offers.offer.facets import Facet, FacetCounts
from koko_offers.offer.records import RELATIONS_BY_FIELD, Relation
from koko_offers.offer.related import related_rows
from koko_offers.offer.text_search import SearchText
from koko_offers.offer.types import Offer
from koko_offers.offer.visibility import ReadScope
from koko_shared.errors import InvalidInput
from koko_shared.graphql.schema import PageInfo
from koko_shared.graphql.selection import selected_below
from koko_shared.pagination import Page

MAX_COUNT_UP_TO = 100_000

_UP_TO = strawberry.argument(
    description="Stop counting at this number (1 to 100,000); the result is then at most "
    "`upTo`, and not exact when more match."
)


@strawberry.type(description="An offer in a page of `offers`, with its cursor.")
class OfferEdge:
    cursor: str = strawberry.field(description="Opaque position of this offer in the list.")
    node: Offer = strawberry.field(description="The offer.")
    distance_km: float | None = strawberry.field(
        description="Distance to `filter.near` in kilometres, when asked."
    )


@dataclass(slots=True)
class CountQuery:
    """What `totalCount` and `facets` of a page count: the page's filter, read scope and the
    search prepared for the page (once per request)."""

    criteria: OfferCriteria
    scope: ReadScope
    text: SearchText | None = None
    counts: dict[int | None, asyncio.Future[Count]] = field(default_factory=dict)

    async def count(self, session: AsyncSession, up_to: int | None) -> Count:
        """One count per `upTo` and request, however many fields ask for it."""
        if up_to is not None and not 1 <= up_to <= MAX_COUNT_UP_TO:
            raise InvalidInput(
                "upTo must be between 1 and {limit}",
                field="totalCount.upTo",
                params={"limit": MAX_COUNT_UP_TO},
            )
        if up_to not in self.counts:
            self.counts[up_to] = asyncio.ensure_future(
                counting.count_offers(session, self.criteria, self.scope, self.text, up_to=up_to)
            )
        return await self.counts[up_to]


@strawberry.type(description="How many offers one value of a filter menu would give.")
class FacetValue:
    value: str = strawberry.field(
        description="The value as the filter takes it: a category, course type or area code, a "
        "language tag, a `CefrLevel` or `TargetGroup` name, or `true`/`false`."
    )
    count: int = strawberry.field(
        description="Offers with this value, every other filter of the request applied (a menu "
        "does not narrow itself); an estimate when `OfferFacets.exact` is false."
    )


def _values(pairs: list[tuple[str, int]], *, upper: bool = False) -> list[FacetValue]:
    return [FacetValue(value=v.upper() if upper else v, count=n) for v, n in pairs]


@strawberry.type(
    description="Counts for the filter menus of an offer finder, most frequent values first."
)
class OfferFacets:
    exact: bool = strawberry.field(
        description=f"Whether every count is exact: true up to {EXACT_COUNT_BOUND:,} matching "
        "offers; beyond, counts are estimated from a random sample of the matches (a few per "
        "cent off)."
    )
    categories: list[FacetValue] = strawberry.field(
        description="Category codes; a category counts its subcategories' offers too."
    )
    course_types: list[FacetValue] = strawberry.field(description="Course type codes.")
    levels: list[FacetValue] = strawberry.field(description="CEFR target levels.")
    areas: list[FacetValue] = strawberry.field(description="Area (Stadtteil) codes.")
    languages: list[FacetValue] = strawberry.field(
        description="Languages of instruction or support (an offer counts once per language)."
    )
    target_groups: list[FacetValue] = strawberry.field(description="Target groups.")
    childcare: list[FacetValue] = strawberry.field(
        description="With (`true`) or without childcare."
    )
    free_seats: list[FacetValue] = strawberry.field(
        description="With (`true`) or without a run that has free seats and accepts "
        "registrations (in `startsBetween`, when given)."
    )

    @classmethod
    def of(cls, counts: FacetCounts) -> OfferFacets:
        v = counts.values
        return cls(
            exact=counts.exact,
            categories=_values(v[Facet.CATEGORIES]),
            course_types=_values(v[Facet.COURSE_TYPES]),
            levels=_values(v[Facet.LEVELS]),
            areas=_values(v[Facet.AREAS]),
            languages=_values(v[Facet.LANGUAGES]),
            target_groups=_values(v[Facet.TARGET_GROUPS], upper=True),
            childcare=_values(v[Facet.CHILDCARE]),
            free_seats=_values(v[Facet.FREE_SEATS]),
        )


@strawberry.type(description="One page of offers (Relay connection).")
class OfferConnection:
    edges: list[OfferEdge] = strawberry.field(description="The offers of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page lies in the list.")
    count_query: strawberry.Private[CountQuery]

    @staticmethod
    def wanted(info: Info[OffersContext, None]) -> frozenset[Relation]:
        """The relations (provider, location, next start) the query asks of each offer."""
        asked = selected_below(info, ("edges", "node"))
        return frozenset(RELATIONS_BY_FIELD[name] for name in asked if name in RELATIONS_BY_FIELD)

    @classmethod
    async def of_page(
        cls,
        info: Info[OffersContext, None],
        page: Page[OfferHit],
        count_query: CountQuery,
        wanted: frozenset[Relation],
    ) -> OfferConnection:
        """The connection of a page, with the `wanted` relations of its offers: those the
        page's statement fetched (`OfferHit.related`), the others in one statement for the
        whole page."""
        missing = [hit.offer for hit in page.rows if hit.related is None]
        related = await related_rows(info.context.session, missing, wanted, date.today())
        return cls(
            edges=[
                OfferEdge(
                    cursor=cursor,
                    node=Offer.from_row(hit.offer, hit.related or related.get(hit.offer.id)),
                    distance_km=hit.distance_km,
                )
                for hit, cursor in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo.of(page),
            count_query=count_query,
        )

    @strawberry.field(
        description=f"How many offers match (counted only when asked for): exact up to "
        f"{EXACT_COUNT_BOUND:,}, beyond that an estimate (within a few per cent; "
        "`totalCountIsExact` says which). With `upTo`, counting stops there: the value is "
        '`upTo` when at least that many match (show it as "1000+").'
    )
    async def total_count(
        self, info: Info[OffersContext, None], up_to: Annotated[int | None, _UP_TO] = None
    ) -> int:
        return (await self.count_query.count(info.context.session, up_to)).value

    @strawberry.field(
        description="Whether `totalCount` (with the same `upTo`) is the exact number of "
        "matching offers; false for an estimate or a count stopped at `upTo`."
    )
    async def total_count_is_exact(
        self, info: Info[OffersContext, None], up_to: Annotated[int | None, _UP_TO] = None
    ) -> bool:
        return (await self.count_query.count(info.context.session, up_to)).exact
