"""The planner's answers for a search's tier statements and the ends of its walks, kept while the
offer table's planner inputs stay the same (`offer.search_plans`): a repeated search asks the
planner once and looks up a walk's end once, with the same results; an ANALYZE or a table grown
by a page asks again; a transaction that has written and another database never share what is
kept. The apps run on committed databases of their own, as the service does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from koko_offers.app import SPEC, create_app
from koko_offers.offer import ranking
from koko_offers.offer.search_plans import SEARCH_PLANS, PlannerInputs, SearchPlans, remember
from koko_offers.settings import OffersSettings
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.testing.database import fresh_database

from .conftest import Given, GraphQL, app_client, assert_bound_is_a_setting
from .test_offer_page_round_trips import round_trips

SEARCH = """
query ($search: String) {
  offers(first: 5, filter: {search: $search}) { totalCount edges { node { title } } }
}
"""
SIZED = """
query ($n: Int) { offers(first: $n, filter: {search: "Sprachkurs"}) { edges { node { id } } } }
"""
WALK_END = "execute SELECT offer.search_rank, offer.id FROM offer ORDER BY"
TABLE_PAGES = text("SELECT pg_relation_size('offer')")


@asynccontextmanager
async def _catalogue(settings: OffersSettings, name: str) -> AsyncIterator[Any]:
    """An app on a committed database of its own holding twelve language courses; yields its
    client and an engine for changes the app does not make."""
    async with fresh_database(name, SPEC.migrations_dir) as url:
        engines = [create_engine(url, pool_size=1) for _ in range(2)]
        try:
            await _add_offers(engines[1], 12)
            async with app_client(settings, engines[0], url) as client:
                yield client, engines[1]
        finally:
            for engine in engines:
                await engine.dispose()


async def _add_offers(engine: AsyncEngine, count: int) -> None:
    async with create_sessionmaker(engine)() as session, session.begin():
        given = Given(session)
        for n in range(count):
            await given.offer(
                f"Sprachkurs Gruppe {uuid4().hex[:6]} {n}", category="language_course"
            )


@pytest.fixture
async def catalogue(settings: OffersSettings) -> AsyncIterator[Any]:
    async with _catalogue(settings, "offers_search_plans") as served:
        yield served


async def _search(client: httpx.AsyncClient, search: str) -> tuple[list[str], list[str]]:
    """The titles found and the round trips the request made."""
    with round_trips() as sent:
        response = await client.post(
            "/graphql", json={"query": SEARCH, "variables": {"search": search}}
        )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return [edge["node"]["title"] for edge in body["data"]["offers"]["edges"]], sent


def _walk_ends(sent: list[str]) -> list[str]:
    """The look-ups of where a walk ends (`tier_statements.walk_end`)."""
    return [s for s in sent if " ".join(s.split()).startswith(WALK_END)]


def _explains(sent: list[str]) -> list[str]:
    return [s for s in sent if "EXPLAIN" in s]


async def test_a_repeated_search_asks_the_planner_once_with_the_same_results(
    catalogue: Any,
) -> None:
    client, _ = catalogue
    # given: a search asked once (the planner asked for its tier's plan)
    first, asked = await _search(client, "Sprachkurs")
    # when it is asked again
    again, sent = await _search(client, "Sprachkurs")
    # then: the same offers, without asking the planner
    assert again == first and len(first) == 5
    assert _explains(asked), asked
    assert not _explains(sent), sent


async def test_the_end_of_a_walk_is_looked_up_once(
    catalogue: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = catalogue
    # given: tiers walked in rank order, three offers a walk
    monkeypatch.setattr(ranking, "_uses_index", lambda *_: True)
    monkeypatch.setattr(ranking, "WALK_ROWS", 3)
    first, looked_up = await _search(client, "Gruppe")
    # when the search is asked again
    again, sent = await _search(client, "Gruppe")
    # then: the same offers, the walks' ends not looked up again
    assert again == first and len(first) == 5
    assert _walk_ends(looked_up), looked_up
    assert not _walk_ends(sent), sent


async def test_the_planner_is_asked_again_after_analyze_and_once_the_table_grew(
    catalogue: Any,
) -> None:
    client, other = catalogue
    await _search(client, "Sprachkurs")
    # when the table is analyzed
    async with other.connect() as connection:
        await connection.execute(text("ANALYZE offer"))
    _, after_analyze = await _search(client, "Sprachkurs")
    _, kept = await _search(client, "Sprachkurs")
    # and when it grows by at least a page
    async with other.connect() as connection:
        pages = (await connection.execute(TABLE_PAGES)).scalar_one()
    await _add_offers(other, 40)
    async with other.connect() as connection:
        assert (await connection.execute(TABLE_PAGES)).scalar_one() > pages
    _, after_growth = await _search(client, "Sprachkurs")
    # then: each time the planner is asked again, and in between not
    assert _explains(after_analyze), after_analyze
    assert not _explains(kept), kept
    assert _explains(after_growth), after_growth


async def test_a_transaction_that_has_written_asks_the_planner_every_time(
    given: Given, graphql: GraphQL
) -> None:
    # given: offers written in the request's (the test's) transaction
    for n in range(3):
        await given.offer(f"Sprachkurs Abend {n}", category="language_course")
    # when the same search is asked twice in it
    with round_trips() as first:
        await graphql(SEARCH, {"search": "Sprachkurs"})
    with round_trips() as second:
        body = await graphql(SEARCH, {"search": "Sprachkurs"})
    # then: it may see rows nobody else sees, so nothing is kept for it or taken
    assert len(body["data"]["offers"]["edges"]) == 3, body
    assert _explains(first) and _explains(second), (first, second)


async def test_another_database_with_the_same_offers_shares_nothing(
    catalogue: Any, settings: OffersSettings
) -> None:
    client, _ = catalogue
    await _search(client, "Sprachkurs")
    _, kept = await _search(client, "Sprachkurs")
    # when a second database with a catalogue of the same size is searched in this process
    async with _catalogue(settings, "offers_search_plans_other") as (second, _):
        _, sent = await _search(second, "Sprachkurs")
    # then: its planner is asked (the table's inputs alike, its vocabulary version not)
    assert not _explains(kept), kept
    assert _explains(sent), sent


async def test_a_flood_of_different_statements_stays_within_the_bound() -> None:
    # given: a cache of 16 kB and the planner inputs of one search
    plans = SearchPlans()
    plans.configure(16 * 1024)
    session = AsyncSession()
    remember(session, PlannerInputs(uuid4(), 10, 100.0, datetime.now(UTC), None))
    asked: list[str] = []

    def explain(sql: str) -> Any:
        async def plan() -> dict[str, Any]:
            asked.append(sql)
            return {"Node Type": "Limit", "Plan Rows": 5, "Plans": [{"Node Type": "Seq Scan"}]}

        return plan

    statements = [f"SELECT {n}" for n in range(400)]
    # when 400 different statements are planned
    for sql in statements:
        await plans.plan(session, sql, (), "search", explain(sql))
    # then: what is kept weighs no more than the bound, the latest is kept, the first dropped
    assert 0 < plans.bytes <= 16 * 1024
    assert 1 < len(plans) < len(statements)
    asked.clear()
    await plans.plan(session, statements[-1], (), "search", explain(statements[-1]))
    await plans.plan(session, statements[0], (), "search", explain(statements[0]))
    assert asked == [statements[0]]


def test_the_bound_is_a_setting(settings: OffersSettings) -> None:
    assert_bound_is_a_setting(settings, "search_plan_cache_bytes", SEARCH_PLANS)


async def test_a_flood_of_searches_through_the_api_keeps_within_the_bound(
    settings: OffersSettings,
) -> None:
    # given: the process's cache bounded at 12 kB (a kept plan weighs a few hundred bytes)
    bounded = settings.model_copy(update={"search_plan_cache_bytes": 12 * 1024})
    sizes = list(range(1, 61))
    try:
        async with _catalogue(bounded, "offers_search_plans_flood") as (client, _):
            # when a client asks for a search's first page in 60 sizes (each size a statement
            # with other values: a plan of its own)
            for size in sizes:
                assert _explains(await _page_of(client, size)), size
            # then: what is kept weighs no more than the bound, and the flood did not all fit
            kept, weight = len(SEARCH_PLANS), SEARCH_PLANS.bytes
            latest = await _page_of(client, sizes[-1])
            first = await _page_of(client, sizes[0])
    finally:
        create_app(settings)
    assert 0 < weight <= 12 * 1024 and 1 < kept < len(sizes), (kept, weight)
    # and the latest size's plan is kept, the first one's dropped
    assert not _explains(latest) and _explains(first), (latest, first)


async def _page_of(client: httpx.AsyncClient, size: int) -> list[str]:
    """The round trips of a search's first page of `size` offers."""
    variables = {"query": SIZED, "variables": {"n": size}}
    with round_trips() as sent:
        response = await client.post("/graphql", json=variables)
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    return sent
