"""The rest of a relevance tier (`ranking._rest_of_tier`) reads the offer table once: the GIN
bitmap of the tier, ANDed with a filter's bitmap where the planner wants one and it is not wider
than the GIN's, the filters tested on its rows, sorted; the tier's matches are materialized
first only when the plan would read no GIN index. Before, they always were, and the table read
again for the filters ("Sprachkurs Frauen" in Magdeburg at 1,000,000 offers: 111 ms and 97 ms).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer import ranking
from koko_offers.offer.criteria import OfferCriteria
from koko_offers.offer.models import Offer
from koko_offers.offer.text_search import prepare
from koko_offers.offer.tier_statements import TIER_STATEMENTS, Kind, TierSearch
from koko_offers.offer.visibility import PUBLIC_SCOPE
from koko_shared.demo_regions import BOERDE, MAGDEBURG

from .conftest import Given

# Beyond the key of the first offer in rank order: the whole tier.
START = (0, UUID(int=0))
REGION_ONLY = 400
TABLE_READS = ("Seq Scan", "Bitmap Heap Scan", "Index Scan", "Index Only Scan", "Tid Scan")


def _offer_reads(node: dict[str, Any]) -> int:
    """How many nodes of the plan read the offer table."""
    own = int(node.get("Node Type") in TABLE_READS and node.get("Relation Name") == "offer")
    return own + sum(_offer_reads(child) for child in node.get("Plans", ()))


async def _catalogue(given: Given) -> list[Offer]:
    """Nähkurs offers in Magdeburg and in the Börde, in several title lengths, among many more
    Magdeburg offers that do not match (the region's index selects most of the table, the GIN
    index few rows); the Magdeburg ones in rank order."""
    magdeburg = await given.provider("VHS Magdeburg", MAGDEBURG)
    boerde = await given.provider("VHS Börde", BOERDE)
    found = []
    for n in range(20):
        found.append(await given.offer(f"Nähkurs {'x' * (n + 1)}", provider=magdeburg))
        await given.offer(f"Nähkurs {'y' * (n + 1)}", provider=boerde)
    for n in range(REGION_ONLY):
        await given.offer(f"Yoga {n}", provider=magdeburg)
    await given.session.execute(text("ANALYZE offer"))
    await given.session.execute(text("SELECT gin_clean_pending_list('ix_offer_title_vector')"))
    return found


async def test_the_rest_of_a_tier_reads_the_offer_table_once(
    given: Given, session: AsyncSession
) -> None:
    # given
    magdeburg = await _catalogue(given)
    search = TierSearch.of(
        OfferCriteria(region_ars=MAGDEBURG), PUBLIC_SCOPE, prepare(["nähkurs"], [], {}), False
    )
    async with ranking._bitmaps_only(session):
        # when the rest of the title tier is planned and read
        statement = search.statement(session, Kind.REST, 0, position=None, start=START, limit=10)
        plan = await ranking._plan(session, statement)
        rows = await ranking._rest_of_tier(session, search, 0, None, START, 10)
    # then its plan reads the table once, from the GIN index, and the rows are the first ten
    # Magdeburg offers of the tier in rank order
    assert _offer_reads(plan) == 1, plan
    assert ranking._reads_text_index(plan), plan
    assert [row[1] for row in rows] == [offer.id for offer in magdeburg[:10]]


async def test_a_plan_without_the_gin_index_reads_the_materialized_matches(
    given: Given, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a tier whose one-pass plan would read the region's offers without the GIN index
    magdeburg = await _catalogue(given)
    search = TierSearch.of(
        OfferCriteria(region_ars=MAGDEBURG), PUBLIC_SCOPE, prepare(["nähkurs"], [], {}), False
    )
    TIER_STATEMENTS.clear()
    monkeypatch.setattr(ranking, "_reads_text_index", lambda _: False)
    async with ranking._bitmaps_only(session):
        # when
        rows = await ranking._rest_of_tier(session, search, 0, None, START, 10)
        materialized = search.statement(
            session, Kind.REST_MATERIALIZED, 0, position=None, start=START, limit=10
        )
        plan = await ranking._plan(session, materialized)
    # then the tier's matches were read from the GIN index first, then the table again for the
    # filters: the same rows
    assert Kind.REST_MATERIALIZED in {shape[1][0] for shape in TIER_STATEMENTS.shapes()}
    assert _offer_reads(plan) == 2, plan
    assert "ix_offer_title_vector" in _indexes(plan), plan
    assert [row[1] for row in rows] == [offer.id for offer in magdeburg[:10]]


async def test_a_filter_bitmap_wider_than_the_gin_one_is_not_read(
    given: Given, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a tier whose plan would AND the GIN bitmap with the region's wider one (the planner
    # overestimating the GIN match, as at 1,000,000 offers)
    magdeburg = await _catalogue(given)
    search = TierSearch.of(
        OfferCriteria(region_ars=MAGDEBURG), PUBLIC_SCOPE, prepare(["nähkurs"], [], {}), False
    )
    TIER_STATEMENTS.clear()
    monkeypatch.setattr(ranking, "_ands_a_wider_bitmap", lambda _: True)
    async with ranking._bitmaps_only(session):
        # when
        rows = await ranking._rest_of_tier(session, search, 0, None, START, 10)
        gin_only = search.statement(
            session, Kind.REST_GIN_ONLY, 0, position=None, start=START, limit=10
        )
        plan = await ranking._plan(session, gin_only)
    # then the filters were tested on the rows of the GIN bitmap alone, in one pass: the same
    # rows
    assert Kind.REST_GIN_ONLY in {shape[1][0] for shape in TIER_STATEMENTS.shapes()}
    assert _offer_reads(plan) == 1, plan
    assert _indexes(plan) == {"ix_offer_title_vector"}, plan
    assert [row[1] for row in rows] == [offer.id for offer in magdeburg[:10]]


def _indexes(node: dict[str, Any]) -> set[str]:
    own = {node["Index Name"]} if "Index Name" in node else set()
    return own.union(*(_indexes(child) for child in node.get("Plans", ())))
