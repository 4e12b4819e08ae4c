"""The facet counting statement is built once per shape of the request (filter, search readings,
menus per sample) and reused with the request's values bound (offer.facets, offer.statement_slots):
requests of one shape with other values get their own counts (the same as the statement built
for them alone), shapes do not share a statement, and the cache is hit."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from koko_offers.demo import load_into
from koko_offers.offer import counting, facets
from koko_offers.offer.criteria import GeoCircle, OfferCriteria
from koko_offers.offer.facets import FACET_COUNTS, FacetCounts, facet_counts
from koko_offers.offer.text_search import Reading, SearchText, prepare
from koko_offers.offer.visibility import PUBLIC_SCOPE

from .conftest import GraphQL
from .test_offer_page_relations import recording


async def _uncached(
    session: AsyncSession, criteria: OfferCriteria, text: SearchText | None = None
) -> FacetCounts:
    """The counts of the statement built for this request alone (no cache)."""
    groups = facets._groups(criteria)
    statement = facets._union(groups, PUBLIC_SCOPE, text, counting.EXACT_COUNT_BOUND + 1)
    rows = (await session.execute(statement)).all()
    group_of = {facet: number for number, (_, menus) in enumerate(groups) for facet in menus}
    values, exact = facets._counts(rows, group_of)
    return FacetCounts(values, exact)


async def _cached(
    session: AsyncSession, criteria: OfferCriteria, text: SearchText | None = None
) -> FacetCounts:
    return await facet_counts(session, criteria, PUBLIC_SCOPE, text)


def _top(counts: FacetCounts, facet: facets.Facet, how_many: int) -> list[str]:
    values = [value for value, count in counts.values[facet] if count > 0]
    assert len(values) >= how_many, (facet, counts.values[facet])
    return values[:how_many]


async def test_one_shape_other_values_their_own_counts(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the demo catalogue, and two filters of one shape (a level and a language) with
    # different values
    await load_into(session)
    everything = await _uncached(session, OfferCriteria())
    first_level, second_level = _top(everything, facets.Facet.LEVELS, 2)
    first_language, second_language = _top(everything, facets.Facet.LANGUAGES, 2)
    one = OfferCriteria(levels=[first_level], languages=[first_language])
    other = OfferCriteria(levels=[second_level], languages=[second_language])
    FACET_COUNTS.clear()
    builds, hits = FACET_COUNTS.builds, FACET_COUNTS.hits
    union = facets._union
    built: list[int] = []

    def counted_union(*args: Any) -> Any:
        built.append(1)
        return union(*args)

    monkeypatch.setattr(facets, "_union", counted_union)
    # when
    one_counts = await _cached(session, one)
    built_for_the_shape = FACET_COUNTS.builds - builds
    built_before = len(built)
    other_counts = await _cached(session, other)
    built_for_the_other = len(built) - built_before
    monkeypatch.setattr(facets, "_union", union)
    # then: the shape was built once (its two sample builds), then found again
    assert built_for_the_shape == 2
    assert FACET_COUNTS.builds - builds == 2
    assert FACET_COUNTS.hits - hits == 1
    assert FACET_COUNTS.cached_shapes == 1
    assert built_before == 2  # the two samples' statements; the first request's is bound
    assert built_for_the_other == 0
    # and each request has the counts of its own values
    assert one_counts == await _uncached(session, one)
    assert other_counts == await _uncached(session, other)
    assert one_counts != other_counts


async def test_searches_of_one_shape_count_their_own_words(session: AsyncSession) -> None:
    # given: two searches of one word each, without other readings
    await load_into(session)
    integration = prepare(["integrationskurs"], [], {})
    job = prepare(["berufssprachkurs"], [], {})
    FACET_COUNTS.clear()
    builds, hits = FACET_COUNTS.builds, FACET_COUNTS.hits
    # when
    integration_counts = await _cached(session, OfferCriteria(), integration)
    job_counts = await _cached(session, OfferCriteria(), job)
    # then: one statement, each search's own counts
    assert FACET_COUNTS.builds - builds == 2
    assert FACET_COUNTS.hits - hits == 1
    assert integration_counts == await _uncached(session, OfferCriteria(), integration)
    assert job_counts == await _uncached(session, OfferCriteria(), job)
    assert integration_counts.values[facets.Facet.COURSE_TYPES]
    assert integration_counts != job_counts


async def test_shapes_do_not_share_a_statement(session: AsyncSession) -> None:
    # given: searches with other readings (a synonym, a synonym of two words, a corrected typo),
    # yes and no of one yes/no filter, and a filter that gives a menu its own sample
    await load_into(session)
    literal_only = prepare(["deutsch"], [], {})
    with_synonym = prepare(["deutsch"], [Reading(("integrationskurs",), 3.0)], {})
    with_two_words = prepare(["deutsch"], [Reading(("integrationskurs", "jugendliche"), 3.0)], {})
    corrected = prepare(["deutsh"], [], {"deutsh": "deutsch"})
    requests: list[tuple[OfferCriteria, SearchText | None]] = [
        (OfferCriteria(), literal_only),
        (OfferCriteria(), with_synonym),
        (OfferCriteria(), with_two_words),
        (OfferCriteria(), corrected),
        (OfferCriteria(childcare=True), None),
        (OfferCriteria(childcare=False), None),
        (OfferCriteria(levels=["B1"]), None),
        (OfferCriteria(), None),
    ]
    FACET_COUNTS.clear()
    builds = FACET_COUNTS.builds
    # when
    counted = [await _cached(session, criteria, text) for criteria, text in requests]
    # then: a statement per shape (the corrected search has one reading, as the literal one)
    assert FACET_COUNTS.builds - builds == 2 * 7
    assert FACET_COUNTS.cached_shapes == 7
    for (criteria, text), counts in zip(requests, counted, strict=True):
        assert counts == await _uncached(session, criteria, text), (criteria, text)
    synonym_courses = counted[1].values[facets.Facet.COURSE_TYPES]
    assert synonym_courses != counted[0].values[facets.Facet.COURSE_TYPES]
    assert counted[4] != counted[5]


async def test_a_filter_with_a_circle_is_counted_without_the_cache(session: AsyncSession) -> None:
    # given
    await load_into(session)
    near = OfferCriteria(near=GeoCircle(lat=52.13, lon=11.63, radius_km=5))
    FACET_COUNTS.clear()
    builds = FACET_COUNTS.builds
    # when
    counts = await _cached(session, near)
    # then
    assert counts == await _uncached(session, near)
    assert FACET_COUNTS.builds == builds
    assert FACET_COUNTS.cached_shapes == 0


async def test_menus_left_open_share_one_sample(
    session: AsyncSession, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given: a search alone (the GraphQL filter gives empty lists for the menus left open)
    await load_into(session)
    statements = recording(engine)
    query = (
        "query ($filter: OfferFilter) { offerFacets(filter: $filter) { exact "
        "levels { value count } languages { value count } targetGroups { value count } } }"
    )
    # when
    async with statements() as sent:
        body: dict[str, Any] = await graphql(query, {"filter": {"search": "Deutschkurs"}})
    # then: one sample counts every menu (not one more per menu whose list is empty)
    assert "errors" not in body, body
    counting_statements = [s for s in sent if "sample_" in s]
    assert len(counting_statements) == 1, sent
    assert "sample_0" in counting_statements[0]
    assert "sample_1" not in counting_statements[0]
    assert body["data"]["offerFacets"]["levels"]
