"""The statements of a relevance page's tiers are built once per shape of the request (filter,
search readings, paging direction, the statement's kind, tier and keys) and reused with the
request's values bound (offer.tier_statements): pages of one shape with other words are their
own (the same as the statements built for the request alone), shapes do not share a statement,
and the cache is hit."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer import ranking, tier_statements
from koko_offers.offer.criteria import GeoCircle, OfferCriteria
from koko_offers.offer.ranking import relevance_page
from koko_offers.offer.text_search import Reading, SearchText, prepare
from koko_offers.offer.tier_statements import TIER_STATEMENTS
from koko_offers.offer.visibility import PUBLIC_SCOPE
from koko_shared.pagination import PageRequest

from .conftest import Given

Browse = list[tuple[list[Any], bool, bool]]


async def _catalogue(given: Given) -> None:
    """Titles and descriptions for every tier of the searches below, in several title lengths
    (the rank order), some with childcare."""
    for n in range(6):
        await given.offer(f"Deutschkurs A1 {'x' * n}", childcare=n % 2 == 0)
        await given.offer(f"Integrationskurs {'y' * n}", childcare=n % 3 == 0)
        await given.offer(f"Integrationskurs für Jugendliche {'z' * n}")
        await given.offer(f"Sprachcafé {'w' * n}", description="Deutsch üben im Gespräch")
        await given.offer(f"Nähkurs {'v' * n}", description="Kein Deutschkurs")
    await given.session.execute(text("ANALYZE offer"))


async def _browse(session: AsyncSession, criteria: OfferCriteria, search: SearchText) -> Browse:
    """Three pages of 4 forward from the start, then two backward from the last page's end:
    each page's keys (its cursors) and whether there are more on either side."""
    pages: Browse = []
    request = PageRequest(size=4)
    for number in range(5):
        if number == 3:
            request = PageRequest(size=4, cursor=request.cursor, backward=True)
        page = await relevance_page(session, criteria, PUBLIC_SCOPE, search, request)
        found = [*(tuple(key) for key in page.keys), *(hit.offer.id for hit in page.rows)]
        pages.append((found, page.has_next_page, page.has_previous_page))
        cursor = page.start_cursor if request.backward else page.end_cursor
        request = PageRequest(size=4, cursor=cursor, backward=request.backward)
    return pages


async def _one_after_the_other(
    session: AsyncSession, first: SearchText, second: SearchText
) -> tuple[Browse, Browse, int, int]:
    """The pages of `first`, then of `second` on the statements `first` left in the cache; and
    the statements `second` builds alone (on an empty cache) and after `first`."""
    TIER_STATEMENTS.clear()
    builds = TIER_STATEMENTS.builds
    await _browse(session, OfferCriteria(), second)
    alone = TIER_STATEMENTS.builds - builds
    TIER_STATEMENTS.clear()
    first_pages = await _browse(session, OfferCriteria(), first)
    builds = TIER_STATEMENTS.builds
    second_pages = await _browse(session, OfferCriteria(), second)
    return first_pages, second_pages, alone, TIER_STATEMENTS.builds - builds


def _kinds() -> set[Any]:
    """The kinds of statement in the cache ("walk" for a page up to a key)."""
    kinds: set[Any] = set()
    for shape in TIER_STATEMENTS.shapes():
        assert isinstance(shape, tuple)
        if shape[0] == "walk end":
            kinds.add("walk end")
        elif isinstance(shape[1], tuple) and shape[1][0] == "offer rows":  # with relations
            kinds.add("offer rows")
        elif isinstance(shape[1], tuple):
            kind, _, keys, _ = shape[1]
            kinds.add("walk" if kind == tier_statements.Kind.PAGE and "stop" in keys else kind)
        else:
            kinds.add(shape[1])
    return kinds


async def _uncached(
    session: AsyncSession,
    criteria: OfferCriteria,
    search: SearchText,
    monkeypatch: pytest.MonkeyPatch,
) -> Browse:
    """The pages of statements built for the request alone (as without the cache)."""
    with monkeypatch.context() as patched:
        patched.setattr(tier_statements, "filter_shape", lambda _: None)
        return await _browse(session, criteria, search)


async def test_the_second_request_of_a_shape_builds_nothing(
    given: Given, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    await _catalogue(given)
    search = prepare(["deutschkurs"], [Reading(("integrationskurs",), 3.0)], {})
    TIER_STATEMENTS.clear()
    builds, hits = TIER_STATEMENTS.builds, TIER_STATEMENTS.hits
    # when
    first = await _browse(session, OfferCriteria(), search)
    built = TIER_STATEMENTS.builds - builds
    second = await _browse(session, OfferCriteria(), search)
    # then the second browse found every statement in the cache, and both are the pages of
    # statements built per request
    assert built > 0
    assert TIER_STATEMENTS.builds - builds == built
    assert TIER_STATEMENTS.hits - hits >= built // 2
    assert first == second == await _uncached(session, OfferCriteria(), search, monkeypatch)
    assert len(first[0][0]) == 8  # four keys and four offers


async def test_searches_of_one_shape_page_their_own_words(
    given: Given, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given two searches of one word each, without other readings
    await _catalogue(given)
    german = prepare(["deutschkurs"], [], {})
    integration = prepare(["integrationskurs"], [], {})
    # when
    german_pages, integration_pages, built_alone, built = await _one_after_the_other(
        session, german, integration
    )
    # then the second search used the first one's statements, with its own words
    assert built < built_alone
    assert german_pages == await _uncached(session, OfferCriteria(), german, monkeypatch)
    assert integration_pages == await _uncached(session, OfferCriteria(), integration, monkeypatch)
    assert german_pages[0] != integration_pages[0]


async def test_shapes_do_not_share_a_statement(
    given: Given, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given searches with other readings (a synonym of another weight, a synonym of two words,
    # a corrected typo) and filters (yes and no of childcare)
    await _catalogue(given)
    literal_only = prepare(["deutschkurs"], [], {})
    with_synonym = prepare(["deutschkurs"], [Reading(("integrationskurs",), 3.0)], {})
    same_weight = prepare(["deutschkurs"], [Reading(("integrationskurs",), 1.0)], {})
    with_two_words = prepare(
        ["deutschkurs"], [Reading(("integrationskurs", "jugendliche"), 3.0)], {}
    )
    corrected = prepare(["deutshkurs"], [], {"deutshkurs": "deutschkurs"})
    requests: list[tuple[OfferCriteria, SearchText]] = [
        (OfferCriteria(), literal_only),
        (OfferCriteria(), with_synonym),
        (OfferCriteria(), same_weight),
        (OfferCriteria(), with_two_words),
        (OfferCriteria(), corrected),
        (OfferCriteria(childcare=True), with_synonym),
        (OfferCriteria(childcare=False), with_synonym),
        (OfferCriteria(levels=["B1"]), with_synonym),
    ]
    TIER_STATEMENTS.clear()
    # when each is browsed twice, all shapes in the cache the second time
    for criteria, search in requests:
        await _browse(session, criteria, search)
    hits = TIER_STATEMENTS.hits
    browsed = [await _browse(session, criteria, search) for criteria, search in requests]
    # then every request has the pages of statements built for it alone
    assert TIER_STATEMENTS.hits > hits
    for (criteria, search), pages in zip(requests, browsed, strict=True):
        assert pages == await _uncached(session, criteria, search, monkeypatch), (criteria, search)
    assert browsed[0] != browsed[1]  # the synonym's tiers first
    assert browsed[1] != browsed[2]  # one tier of both readings
    assert browsed[1] != browsed[3]  # only the young people's integration courses
    assert browsed[4] == browsed[0]  # the corrected typo reads as the word
    assert browsed[5] != browsed[6]
    assert browsed[7][0][0] == []  # no offer has a course type of level B1


async def test_walks_and_bands_of_one_shape_page_their_own_words(
    given: Given, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given two words, each in titles between 150 shorter and 150 longer titles that do not
    # match, walks of 20 offers, and the planner walking the rank index (sorting and table
    # scans priced out; bands read as for a large table and a broad tier, as in test_rank_bands)
    for n in range(40):
        await given.offer(f"Nähkurs {'x' * (n // 5 + 1)}")
        await given.offer(f"Webkurs {'x' * (n // 4 + 1)}")
    await given.yoga_around()
    monkeypatch.setattr(ranking, "WALK_ROWS", 20)
    monkeypatch.setattr(ranking, "_reads_text_index", lambda _: True)
    monkeypatch.setattr(ranking, "NARROW_TIER", -1)
    sewing, weaving = prepare(["nähkurs"], [], {}), prepare(["webkurs"], [], {})
    # when
    sewing_pages, weaving_pages, built_alone, built = await _one_after_the_other(
        session, sewing, weaving
    )
    # then walks up to a key, their ends and bands were cached, the second search built fewer
    # statements than alone, and both have the pages of the statements built per request
    assert {"walk end", "walk", tier_statements.Kind.BAND} <= _kinds()
    assert built < built_alone
    assert sewing_pages == await _uncached(session, OfferCriteria(), sewing, monkeypatch)
    assert weaving_pages == await _uncached(session, OfferCriteria(), weaving, monkeypatch)
    assert sewing_pages[0] != weaving_pages[0]
    assert len(sewing_pages[0][0]) == 8


async def test_a_filter_with_a_circle_is_built_per_request(
    given: Given, session: AsyncSession
) -> None:
    # given
    await _catalogue(given)
    near = OfferCriteria(near=GeoCircle(lat=52.13, lon=11.63, radius_km=5))
    search = prepare(["deutschkurs"], [], {})
    TIER_STATEMENTS.clear()
    builds = TIER_STATEMENTS.builds
    # when
    page = await relevance_page(session, near, PUBLIC_SCOPE, search, PageRequest(size=4))
    # then (the offers have no location)
    assert page.rows == []
    assert TIER_STATEMENTS.builds == builds
    assert TIER_STATEMENTS.cached_shapes == 0


async def test_the_planner_is_asked_with_the_requests_words(
    given: Given, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a cached shape, and the plans asked for a search of other words of that shape
    await _catalogue(given)
    await _browse(session, OfferCriteria(), prepare(["deutschkurs"], [], {}))
    asked: list[Any] = []
    plan = ranking._plan

    async def recorded(session: AsyncSession, statement: Any) -> Any:
        asked.append(statement.parameters)
        return await plan(session, statement)

    monkeypatch.setattr(ranking, "_plan", recorded)
    # when
    await _browse(session, OfferCriteria(), prepare(["sprachcafé"], [], {}))
    # then the cached statement's plan was asked with the request's word
    assert asked
    assert all("sprachcafé" in parameters.values() for parameters in asked)
