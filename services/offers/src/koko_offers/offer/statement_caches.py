"""The search's statement caches (`offer.statement_cache`) and their shares of
`OffersSettings.statement_cache_bytes`: the relevance tiers make the most shapes (kinds x tiers x
keys per search shape), keyset pages, facet counts and `totalCount` one per filter and search
shape."""

from __future__ import annotations

from koko_offers.offer.counting import COUNTS
from koko_offers.offer.facets import FACET_COUNTS
from koko_offers.offer.search_statements import KEYSET_PAGES
from koko_offers.offer.statement_cache import StatementCache
from koko_offers.offer.tier_statements import TIER_STATEMENTS

SHARES: tuple[tuple[StatementCache, int], ...] = (
    (TIER_STATEMENTS, 2),
    (KEYSET_PAGES, 1),
    (FACET_COUNTS, 1),
    (COUNTS, 1),
)


def configure(total_bytes: int) -> None:
    """Bound the caches together by `total_bytes`, each by its share."""
    parts = sum(share for _, share in SHARES)
    for cache, share in SHARES:
        cache.configure(total_bytes * share // parts)
