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


async def _rest_read_as(
    session: AsyncSession, search: TierSearch, kind: Kind
) -> tuple[list[Any], dict[str, Any], set[Any]]:
    """The rest of the title tier as `_rest_of_tier` reads it, the plan of its statement of
    `kind` and the kinds of statement it cached."""
    TIER_STATEMENTS.clear()
    async with ranking._bitmaps_only(session):
        rows = await ranking._rest_of_tier(session, search, 0, None, START, 10)
        statement = search.statement(session, kind, 0, position=None, start=START, limit=10)
        plan = await ranking._plan(session, statement)
    return rows, plan, {shape[1][0] for shape in TIER_STATEMENTS.shapes()}


@pytest.mark.parametrize(
    ("planned", "kind", "table_reads"),
    [
        # a plan that would read the region's offers without the GIN index: the tier's matches
        # read from the GIN index first, then the table again for the filters
        ("no GIN index", Kind.REST_MATERIALIZED, 2),
        # a plan ANDing the GIN bitmap with the region's wider one (the planner overestimating
        # the GIN match, as at 1,000,000 offers): the filters tested on the GIN bitmap's rows
        ("a wider filter bitmap", Kind.REST_GIN_ONLY, 1),
    ],
)
async def test_the_rest_of_a_tier_as_its_plan_asks(
    given: Given,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    planned: str,
    kind: Kind,
    table_reads: int,
) -> None:
    # given
    magdeburg = await _catalogue(given)
    search = TierSearch.of(
        OfferCriteria(region_ars=MAGDEBURG), PUBLIC_SCOPE, prepare(["nähkurs"], [], {}), False
    )
    wider = planned == "a wider filter bitmap"
    monkeypatch.setattr(ranking, "_reads_text_index", lambda _: wider)
    monkeypatch.setattr(ranking, "_ands_a_wider_bitmap", lambda _: wider)
    TIER_STATEMENTS.clear()
    async with ranking._bitmaps_only(session):
        # when
        rows = await ranking._rest_of_tier(session, search, 0, None, START, 10)
        statement = search.statement(session, kind, 0, position=None, start=START, limit=10)
        plan = await ranking._plan(session, statement)
    # then that form was read, its plan reads the GIN index and the table as many times as
    # said, and the rows are the same
    assert kind in {shape[1][0] for shape in TIER_STATEMENTS.shapes()}
    assert _offer_reads(plan) == table_reads, plan
    assert "ix_offer_title_vector" in _indexes(plan), plan
    # (with the filters tested on the GIN bitmap's rows, no other index is read)
    assert not wider or _indexes(plan) == {"ix_offer_title_vector"}, plan
    assert [row[1] for row in rows] == [offer.id for offer in magdeburg[:10]]


def _indexes(node: dict[str, Any]) -> set[str]:
    own = {node["Index Name"]} if "Index Name" in node else set()
    return own.union(*(_indexes(child) for child in node.get("Plans", ())))
