"""`totalCount`'s statement is built once per shape of the request (filter, search readings,
capped or sampled) and reused with the request's values bound (`offer.counting`,
`offer.statement_slots`): requests of one shape with other values get their own counts (those
of plain SQL over the same rows), shapes do not share a statement, and a circle is counted
without the cache."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.demo import load_into
from koko_offers.offer import counting
from koko_offers.offer.counting import COUNTS, Count, count_offers, offer_conditions
from koko_offers.offer.criteria import GeoCircle, OfferCriteria
from koko_offers.offer.models import Offer
from koko_offers.offer.text_search import SearchText, prepare
from koko_offers.offer.visibility import PUBLIC_SCOPE

_OFFER = Offer.__table__  # type: ignore[attr-defined]


async def _all_matches(
    session: AsyncSession, criteria: OfferCriteria, text: SearchText | None = None
) -> int:
    """Every match counted by a statement built for the request alone."""
    conditions = offer_conditions(criteria, PUBLIC_SCOPE, text)
    statement = select(func.count()).select_from(_OFFER).where(*conditions)
    return int((await session.execute(statement)).scalar_one())


async def test_one_shape_other_values_their_own_counts(session: AsyncSession) -> None:
    # given: the demo catalogue, and two filters of one shape (one category each)
    await load_into(session)
    one = OfferCriteria(category_codes=["language_course"])
    other = OfferCriteria(category_codes=["counselling"])
    COUNTS.clear()
    builds, hits = COUNTS.builds, COUNTS.hits
    # when each is counted, sampled and capped
    sampled = [await count_offers(session, c, PUBLIC_SCOPE, None) for c in (one, other)]
    capped = [await count_offers(session, c, PUBLIC_SCOPE, None, up_to=3) for c in (one, other)]
    # then: one statement per shape (sampled, capped), each found once, then found again
    assert COUNTS.builds - builds == 2 * 2
    assert COUNTS.hits - hits == 2
    assert COUNTS.cached_shapes == 2
    # and each request has the count of its own values
    exact = [await _all_matches(session, c) for c in (one, other)]
    assert sampled == [Count(n, True) for n in exact]
    assert 0 < exact[1] != exact[0] > 3
    assert capped == [Count(min(n, 3), n <= 3) for n in exact]


async def test_searches_of_one_shape_count_their_own_words(session: AsyncSession) -> None:
    # given: two searches of one word each
    await load_into(session)
    searches = [prepare([word], [], {}) for word in ("integrationskurs", "beratung")]
    COUNTS.clear()
    builds = COUNTS.builds
    # when
    counted = [await count_offers(session, OfferCriteria(), PUBLIC_SCOPE, t) for t in searches]
    # then: one statement, each search's own count
    assert COUNTS.builds - builds == 2
    expected = [Count(await _all_matches(session, OfferCriteria(), t), True) for t in searches]
    assert counted == expected
    assert counted[0] != counted[1]


async def test_beyond_the_bound_the_estimate_of_the_sample_is_marked(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a bound of 5 below the demo catalogue's published offers
    await load_into(session)
    monkeypatch.setattr(counting, "EXACT_COUNT_BOUND", 5)
    COUNTS.clear()
    everything = await _all_matches(session, OfferCriteria())
    # when counted twice (the statement built, then found)
    first = await count_offers(session, OfferCriteria(), PUBLIC_SCOPE, None)
    again = await count_offers(session, OfferCriteria(), PUBLIC_SCOPE, None)
    # then: an estimate, not exact, the same both times, from a sample of 6
    assert everything > 6
    assert first == again and not first.exact and first.value >= 6
    assert COUNTS.hits >= 1


async def test_a_filter_with_a_circle_is_counted_without_the_cache(session: AsyncSession) -> None:
    # given
    await load_into(session)
    near = OfferCriteria(near=GeoCircle(lat=52.13, lon=11.63, radius_km=5))
    COUNTS.clear()
    builds = COUNTS.builds
    # when
    counted = await count_offers(session, near, PUBLIC_SCOPE, None)
    # then
    assert counted == Count(await _all_matches(session, near), True)
    assert counted.value > 0
    assert COUNTS.builds == builds and COUNTS.cached_shapes == 0
