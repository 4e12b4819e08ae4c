"""A tier that a walk in rank order does not reach is read band by band of the rank order
(`ranking._beyond_walk`): the same pages as the plain walk through the whole rank order, but
only the bands holding the page are read, not every match of the tier (at 1,000,000 offers: the
56,512 Integrationskurs titles of "Deutschkurs", none among the first 2,000 offers in rank
order); a tier the planner expects to be narrow is read whole at once after a walk that found
none of it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer import ranking
from koko_offers.offer.models import Offer
from koko_offers.offer.tier_statements import Kind, TierSearch

from .conftest import Given, GraphQL, gid, ids

PAGES = """
query ($search: String!, $first: Int, $after: String, $last: Int, $before: String) {
  offers(filter: {search: $search}, first: $first, after: $after, last: $last,
         before: $before) {
    edges { node { id } }
    pageInfo { startCursor endCursor }
  }
}
"""
ROWS_READ = text(
    "SELECT COALESCE(sum(idx_tup_fetch + seq_tup_read), 0) FROM pg_stat_xact_user_tables "
    "WHERE relname = 'offer'"
)
MATCHES = 200


async def _rows_read(session: AsyncSession) -> int:
    return int((await session.execute(ROWS_READ)).scalar_one())


async def _browse(graphql: GraphQL, session: AsyncSession) -> tuple[list[list[str]], int]:
    """Two pages forward from the start and two backward from the end, and the offer rows
    read for the forward ones (backward from the end, the tier of matches anywhere comes first:
    every match is skipped there, as it belongs to the title tier)."""
    before = await _rows_read(session)
    pages: list[list[str]] = []
    variables: dict[str, Any] = {"search": "Nähkurs", "first": 10}
    for _ in range(2):
        body = await graphql(PAGES, variables)
        assert "errors" not in body, body
        pages.append(ids(body))
        variables["after"] = body["data"]["offers"]["pageInfo"]["endCursor"]
    read = await _rows_read(session) - before
    variables = {"search": "Nähkurs", "last": 10}
    for _ in range(2):
        body = await graphql(PAGES, variables)
        assert "errors" not in body, body
        pages.append(ids(body))
        variables["before"] = body["data"]["offers"]["pageInfo"]["startCursor"]
    return pages, read


async def test_a_tier_beyond_the_walk_is_read_band_by_band_not_whole(
    given: Given, graphql: GraphQL, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given 200 "Nähkurs" offers, five per title length, between 150 shorter and 150 longer
    # titles that do not match: a walk of 20 offers from either end finds none of them, and
    # the planner walks the rank index (sorting and table scans priced out)
    matching = await _sewing_courses_between_yoga(given)
    # when the tiers are walked through the whole rank order (no bound)
    monkeypatch.setattr(ranking, "_walk_end", _no_bound)
    walked, _ = await _browse(graphql, session)
    # and with walks of 20 rows, the rest from the text index
    monkeypatch.undo()
    monkeypatch.setattr(ranking, "WALK_ROWS", 20)
    # (a table this small is read from the rank index alone, not from the GIN index: read the
    # bands as the planner plans them for a large one, for a tier it expects to be broad)
    monkeypatch.setattr(ranking, "_reads_text_index", lambda _: True)
    monkeypatch.setattr(ranking, "NARROW_TIER", -1)
    banded, read = await _browse(graphql, session)
    # then both list the same offers in the same order: the shortest "Nähkurs" titles forward,
    # the longest backward
    assert banded == walked
    in_order = [gid("Offer", offer.id) for offer in matching]
    assert sorted(banded[0] + banded[1]) == sorted(in_order[:20])
    assert sorted(banded[2] + banded[3]) == sorted(in_order[-20:])
    # and forward, the bands holding the pages were read (at this size from the rank index: the
    # band's offers; with the walks, the bands' ends and the pages' rows), not every match of
    # the tier, twice (before: 795 rows read; now 423)
    assert read < 3 * MATCHES, read


async def _no_bound(*_: object) -> None:
    return None


async def test_a_narrow_tier_beyond_an_empty_walk_is_read_whole_not_band_by_band(
    given: Given, graphql: GraphQL, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the same catalogue: walks of 20 offers from either end find no "Nähkurs", and the
    # planner reads a band from the GIN index and expects the tier to be narrow (200 matches,
    # at most NARROW_TIER)
    await _sewing_courses_between_yoga(given)
    monkeypatch.setattr(ranking, "_walk_end", _no_bound)
    walked, _ = await _browse(graphql, session)
    monkeypatch.undo()
    monkeypatch.setattr(ranking, "WALK_ROWS", 20)
    monkeypatch.setattr(ranking, "_reads_text_index", lambda _: True)
    built: list[tuple[Kind, bool]] = []
    statement = TierSearch.statement

    def recorded(
        search: TierSearch, session: AsyncSession, kind: Kind, *args: Any, **keys: Any
    ) -> Any:
        built.append((kind, keys.get("stop") is not None))
        return statement(search, session, kind, *args, **keys)

    monkeypatch.setattr(TierSearch, "statement", recorded)
    # when
    pages, _ = await _browse(graphql, session)
    # then the pages are those of the plain walk, the rest of the tier read from the GIN index
    # at once after the first band's plan: no band's rows read (before, the first band was, 43 ms
    # for no match in "Sprachkurs Frauen" in Magdeburg at 1,000,000 offers, and the rest after)
    assert pages == walked
    assert (Kind.REST, False) in built
    assert (Kind.BAND, True) not in built


async def _sewing_courses_between_yoga(given: Given) -> list[Offer]:
    """200 "Nähkurs" offers, five per title length, between 150 shorter and 150 longer titles
    that do not match, in rank order; sorting and table scans priced out."""
    matching = []
    for n in range(MATCHES):
        matching.append(await given.offer(f"Nähkurs {'x' * (n // 5 + 1)}"))
    await given.yoga_around()
    return matching
