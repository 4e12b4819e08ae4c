"""The search's statement caches (`OffersSettings.statement_cache_bytes`,
`offer.statement_caches`) and SQLAlchemy's cache of compiled statements
(`ServiceSettings.database_compiled_cache_bytes`, `koko_shared.database.compiled_cache`) are
bounded in bytes: a client who sends searches of ever new shapes (numbers of words, filters,
facets) through the public GraphQL API fills them up to their bounds and no further, and the
memory the flood leaves behind is what they weigh (tracemalloc)."""

from __future__ import annotations

import gc
import itertools
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import column, select, table, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer import statement_caches
from koko_offers.offer.statement_cache import StatementCache
from koko_shared.bounded_cache import ByteLru
from koko_shared.database.compiled_cache import CompiledCache

from .conftest import Given, GraphQL

SEARCH = """
query ($filter: OfferFilter!) {
  offers(filter: $filter, first: 5) { edges { node { id title } } totalCount }
  offerFacets(filter: $filter) { levels { value count } }
}
"""
STATEMENTS_BOUND = 3 * 1024 * 1024
# The flood compiles ~280 kB through SQLAlchemy (the tier statements and `totalCount` go to the
# driver as SQL text, `koko_shared.database.driver_statements`): more than this bound.
COMPILED_BOUND = 256 * 1024
# What else a flood of 12 requests leaves in memory (measured with tracemalloc: 0.8 MiB beyond
# what emptying the caches frees): each pooled connection's prepared statements (asyncpg and
# SQLAlchemy's adapter keep the last 100 per connection), SQLAlchemy's per-dialect type memos,
# the driver statements' `IN`-list variants (`EXPANSIONS_KEPT`), allocator slack.
ELSEWHERE = 3 * 1024 * 1024
FILTERS: tuple[dict[str, Any], ...] = (
    {},
    {"levels": ["B1"], "hasFreeSeats": True},
    {"regionArs": "150030000000", "childcare": False},
)


def _flood() -> Iterator[dict[str, Any]]:
    """Filters of distinct shapes: 1 to 4 words, with each filter."""
    for words, given in itertools.product(range(1, 5), FILTERS):
        search = " ".join(f"kurs{n}" if n else "Deutschkurs" for n in range(words))
        yield {"search": search, **given}


def _retained() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def test_a_flood_of_search_shapes_leaves_no_more_than_the_bounds_in_memory(
    given: Given, graphql: GraphQL, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a catalogue every search finds something in, the statement caches bounded by 3 MiB
    # together and the compiled statements by 1 MiB, the query document parsed once
    for n in range(12):
        await given.offer(f"Deutschkurs kurs1 kurs2 {'x' * n}", description="kurs3 kurs4 kurs5")
    await session.execute(text("ANALYZE offer"))
    caches: list[StatementCache] = [cache for cache, _ in statement_caches.SHARES]
    for cache in caches:
        monkeypatch.setattr(cache, "_templates", cache._templates)  # put back afterwards
    statement_caches.configure(STATEMENTS_BOUND)
    compiled = session.get_bind().get_execution_options()["compiled_cache"]
    assert isinstance(compiled, CompiledCache)
    monkeypatch.setattr(compiled, "_entries", ByteLru(COMPILED_BOUND))
    warm = await graphql(SEARCH, {"filter": {"search": "Nähkurs"}})
    assert "errors" not in warm, warm
    for cache in caches:
        cache.clear()
    compiled.clear()
    tracemalloc.start()
    try:
        before = _retained()
        # when a client sends 12 searches of distinct shapes
        for search in _flood():
            body = await graphql(SEARCH, {"filter": search})
            assert "errors" not in body, body
        grown = _retained() - before
        tiers = statement_caches.SHARES[0][0]
        held = [cache.bytes for cache in caches]
        within = [cache.bytes <= cache.max_bytes for cache in caches]
        tiers_full, compiled_held = tiers.bytes / tiers.max_bytes, compiled.bytes
        # and the caches are emptied
        at = _retained()
        compiled.clear()
        for cache in caches:
            cache.clear()
        freed = at - _retained()
    finally:
        tracemalloc.stop()
    # then each cache stayed within its bound, the flood filled the tiers' and the compiled
    # statements' (it was larger than their bounds; a facet count's statement alone is more
    # than a quarter of its small share here, so it is answered but not kept), the memory it
    # left behind is within what the bounds allow, and the weights are what the entries held:
    # not less, and not far more
    weighed = sum(held) + compiled_held
    assert all(within), held
    assert compiled_held <= COMPILED_BOUND
    assert tiers_full > 0.6, tiers_full
    assert compiled_held > COMPILED_BOUND * 0.6, compiled_held
    assert grown <= STATEMENTS_BOUND + COMPILED_BOUND + ELSEWHERE, (grown, held, compiled_held)
    assert freed <= weighed, (freed, weighed)
    assert freed > weighed * 0.5, (freed, weighed)


def test_a_cache_drops_the_least_recently_used_shape_beyond_its_bound() -> None:
    dialect = postgresql.asyncpg.dialect()  # type: ignore[attr-defined]
    offer = table("offer", column("id"), column("title"))
    cache = StatementCache(max_bytes=400_000)

    def statement(words: int) -> Any:
        def build(slots: Any) -> Any:
            conditions = [offer.c.title.ilike(slots[f"w{n}"]) for n in range(words)]
            return select(offer.c.id).where(*conditions)

        first = {f"w{n}": f"a{n}" for n in range(words)}
        second = {f"w{n}": f"b{n}" for n in range(words)}
        samples = (first, second)
        return cache.template(dialect, words, build, lambda: samples)

    for words in range(1, 30):
        assert statement(words) is not None
        assert cache.bytes <= cache.max_bytes
    assert cache.shapes()[-1] == 29
    assert 1 not in cache.shapes()
    kept = len(cache.shapes())
    assert statement(29) is not None and cache.hits == 1
    assert len(cache.shapes()) == kept
