"""Facet counts of a finder's filter menus: each value's count is what the filter with that value
would give (checked against totalCount of that filter), a menu does not narrow itself, and the
counts say when they are estimates."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from koko_offers.demo import load_into
from koko_offers.offer import counting, facets

from .conftest import Given, GraphQL
from .test_offer_page_relations import recording

FACETS = """
query ($filter: OfferFilter) {
  offers(first: 20, filter: $filter) { totalCount edges { node { id title } } }
  offerFacets(filter: $filter) {
    exact
    categories { value count } courseTypes { value count } levels { value count }
    areas { value count } languages { value count } targetGroups { value count }
    childcare { value count } freeSeats { value count }
  }
}
"""
COUNT = "query ($filter: OfferFilter) { offers(first: 1, filter: $filter) { totalCount } }"

# Facet -> the filter field one of its values stands for.
_FILTER_OF = {
    "categories": lambda v: {"categories": [v]},
    "courseTypes": lambda v: {"courseTypes": [v]},
    "levels": lambda v: {"levels": [v]},
    "areas": lambda v: {"areas": [v]},
    "languages": lambda v: {"languages": [v]},
    "targetGroups": lambda v: {"targetGroups": [v]},
    "childcare": lambda v: {"childcare": v == "true"},
    "freeSeats": lambda v: {"hasFreeSeats": v == "true"},
}
# The filter fields a facet leaves out when it counts itself.
_OWN = {
    "categories": "categories",
    "courseTypes": "courseTypes",
    "levels": "levels",
    "areas": "areas",
    "languages": "languages",
    "targetGroups": "targetGroups",
    "childcare": "childcare",
    "freeSeats": "hasFreeSeats",
}


async def _facets(graphql: GraphQL, filter: dict[str, Any]) -> dict[str, Any]:
    body = await graphql(FACETS, {"filter": filter})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


async def _total(graphql: GraphQL, filter: dict[str, Any]) -> int:
    body = await graphql(COUNT, {"filter": filter})
    assert "errors" not in body, body
    total: int = body["data"]["offers"]["totalCount"]
    return total


@pytest.mark.parametrize(
    "base",
    [
        {},
        {"search": "Deutschkurs"},
        {"regionArs": "150030000000", "levels": ["B1"]},
        {"hasFreeSeats": True, "categories": ["language"]},
    ],
)
async def test_every_count_is_what_its_filter_gives(
    session: AsyncSession, graphql: GraphQL, base: dict[str, Any]
) -> None:
    # given: the demo catalogue
    await load_into(session)
    # when
    result = await _facets(graphql, base)
    # then: each value's count equals totalCount of the filter with that value (and without the
    # menu's own filter), computed by the page's own count
    facets_ = result["offerFacets"]
    assert facets_["exact"] is True
    assert facets_["categories"], "the demo catalogue has categories"
    checked = 0
    for menu, values in facets_.items():
        if menu == "exact":
            continue
        others = {k: v for k, v in base.items() if k != _OWN[menu]}
        for entry in values:
            expected = await _total(graphql, {**others, **_FILTER_OF[menu](entry["value"])})
            assert entry["count"] == expected, (menu, entry)
            checked += 1
    assert checked > 10


async def test_counts_beyond_the_bound_are_estimates(
    given: Given, graphql: GraphQL, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: 60 matching offers and a bound of 20 exact matches
    monkeypatch.setattr(counting, "EXACT_COUNT_BOUND", 20)
    monkeypatch.setattr(facets, "EXACT_COUNT_BOUND", 20)
    for number in range(60):
        await given.offer(f"Nähkurs {number}", childcare=number % 3 == 0)
    query = """{
      exact: offers(first: 1, filter: {search: "Nähkurs"}) {
        totalCount(upTo: 100) totalCountIsExact(upTo: 100) }
      estimate: offers(first: 1, filter: {search: "Nähkurs"}) { totalCount totalCountIsExact }
      facets: offerFacets(filter: {search: "Nähkurs"}) { exact childcare { value count } }
      capped: offers(first: 1, filter: {search: "Nähkurs"}) {
        totalCount(upTo: 10) totalCountIsExact(upTo: 10) }
      few: offers(first: 1, filter: {search: "Nähkurs 7"}) { totalCount totalCountIsExact }
    }"""
    # when
    body = await graphql(query)
    # then
    data = body["data"]
    assert data["exact"] == {"totalCount": 60, "totalCountIsExact": True}
    assert data["capped"] == {"totalCount": 10, "totalCountIsExact": False}
    assert data["few"] == {"totalCount": 1, "totalCountIsExact": True}
    estimate = data["estimate"]
    assert estimate["totalCountIsExact"] is False
    assert 21 <= estimate["totalCount"] <= 600  # 21 sampled of 60 random ids: a rough estimate
    assert data["facets"]["exact"] is False
    childcare = {e["value"]: e["count"] for e in data["facets"]["childcare"]}
    assert set(childcare) == {"true", "false"}
    # both estimates scale the same sample: the menu adds up to the estimated total
    assert childcare["true"] + childcare["false"] == pytest.approx(estimate["totalCount"], abs=2)


async def test_every_menu_is_counted_in_one_statement(
    session: AsyncSession, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given: the demo catalogue, and a filter that sets two menus' own filters (levels and free
    # seats), so that three samples are counted (the other menus, levels, free seats)
    await load_into(session)
    filter_ = {"regionArs": "150030000000", "levels": ["B1"], "hasFreeSeats": True}
    statements = recording(engine)
    # when
    async with statements() as sent:
        body = await graphql(
            "query ($filter: OfferFilter) { offerFacets(filter: $filter) { exact "
            "categories { value count } levels { value count } freeSeats { value count } } }",
            {"filter": filter_},
        )
    # then: the plan setting, then one statement for every menu (categories with their parents)
    assert "errors" not in body, body
    counting_statements = [s for s in sent if "sample_" in s]
    assert len(counting_statements) == 1, sent
    assert len(sent) <= 2, sent
    facets_ = body["data"]["offerFacets"]
    levels = {e["value"]: e["count"] for e in facets_["levels"]}
    assert levels["B1"] == await _total(graphql, filter_)
    free = {e["value"]: e["count"] for e in facets_["freeSeats"]}
    without_seats = {k: v for k, v in filter_.items() if k != "hasFreeSeats"}
    assert free.get("true", 0) + free.get("false", 0) == await _total(graphql, without_seats)
    categories = {e["value"]: e["count"] for e in facets_["categories"]}
    assert categories["language"] == await _total(graphql, {**filter_, "categories": ["language"]})
