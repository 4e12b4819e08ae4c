"""The statement of a keyset page is built once per shape of its filter and reused with the
request's values bound (offer.search_statements, offer.statement_cache): pages of one shape with
other values give their own answers, shapes do not share a statement, and a statement that
depends on its values beyond its slots is not cached."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, column, literal, select, table
from sqlalchemy.dialects import postgresql

from koko_offers.offer.search_statements import KEYSET_PAGES
from koko_offers.offer.statement_cache import Slots, StatementCache, template_bytes
from koko_shared.bounded_cache import ENTRY_OVERHEAD_BYTES

from .conftest import Given, GraphQL, gid, ids

PAGE = """
query ($filter: OfferFilter, $first: Int, $after: String, $orderBy: OfferOrder) {
  offers(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    edges { node { id title } }
    pageInfo { endCursor hasNextPage }
  }
}
"""


async def test_one_shape_other_values_one_build(given: Given, graphql: GraphQL) -> None:
    # given: offers in Magdeburg and in Haldensleben, some with childcare
    magdeburg = await given.provider("VHS Magdeburg", region="150030000000")
    boerde = await given.provider("VHS Börde", region="150830270270")
    in_magdeburg = [await given.offer(f"Kurs M{i}", provider=magdeburg) for i in range(5)]
    in_boerde = [await given.offer(f"Kurs B{i}", provider=boerde) for i in range(3)]
    KEYSET_PAGES.clear()
    builds = KEYSET_PAGES.builds
    # when: the first page of one region, then of another, then further pages, other sizes
    first = await graphql(PAGE, {"filter": {"regionArs": "150030000000"}, "first": 2})
    built_for_the_shape = KEYSET_PAGES.builds - builds
    other_region = await graphql(PAGE, {"filter": {"regionArs": "150830000000"}, "first": 2})
    bigger = await graphql(PAGE, {"filter": {"regionArs": "150830000000"}, "first": 3})
    # then: the shape was built once (twice: the two sample builds), then reused
    assert built_for_the_shape == 2
    assert KEYSET_PAGES.builds - builds == 2
    assert KEYSET_PAGES.cached_shapes == 1  # a statement, not a shape found uncacheable
    # and every page has its own region's offers, in title order, as many as asked
    assert ids(first) == [gid("Offer", o.id) for o in in_magdeburg[:2]]
    assert ids(other_region) == [gid("Offer", o.id) for o in in_boerde[:2]]
    assert ids(bigger) == [gid("Offer", o.id) for o in in_boerde]
    assert bigger["data"]["offers"]["pageInfo"]["hasNextPage"] is False
    # when: the pages after a cursor (one more shape), with different cursors
    after = first["data"]["offers"]["pageInfo"]["endCursor"]
    second = await graphql(
        PAGE, {"filter": {"regionArs": "150030000000"}, "first": 2, "after": after}
    )
    third = await graphql(
        PAGE,
        {
            "filter": {"regionArs": "150030000000"},
            "first": 2,
            "after": second["data"]["offers"]["pageInfo"]["endCursor"],
        },
    )
    # then
    assert KEYSET_PAGES.builds - builds == 4
    assert KEYSET_PAGES.cached_shapes == 2
    assert ids(second) == [gid("Offer", o.id) for o in in_magdeburg[2:4]]
    assert ids(third) == [gid("Offer", in_magdeburg[4].id)]


async def test_shapes_do_not_share_a_statement(given: Given, graphql: GraphQL) -> None:
    # given
    with_care = await given.offer("Kurs mit Kinderbetreuung", childcare=True)
    without = await given.offer("Kurs ohne Kinderbetreuung", childcare=False)
    counselling = await given.offer("Beratung", category="counselling", childcare=False)
    KEYSET_PAGES.clear()
    builds = KEYSET_PAGES.builds
    # when: yes and no (a different statement each), a category beside it, and by last update
    yes = await graphql(PAGE, {"filter": {"childcare": True}})
    no = await graphql(PAGE, {"filter": {"childcare": False}})
    no_language = await graphql(PAGE, {"filter": {"childcare": False, "categories": ["language"]}})
    no_counselling = await graphql(
        PAGE, {"filter": {"childcare": False, "categories": ["counselling"]}}
    )
    latest = await graphql(PAGE, {"filter": {"childcare": False}, "orderBy": "UPDATED_AT"})
    # then
    assert ids(yes) == [gid("Offer", with_care.id)]
    assert ids(no) == [gid("Offer", counselling.id), gid("Offer", without.id)]
    assert ids(no_language) == [gid("Offer", without.id)]
    assert ids(no_counselling) == [gid("Offer", counselling.id)]
    assert set(ids(latest)) == {gid("Offer", counselling.id), gid("Offer", without.id)}
    # four shapes (yes, no, no + category, no by update): two builds each, the fifth page reused
    assert KEYSET_PAGES.builds - builds == 8
    assert KEYSET_PAGES.cached_shapes == 4


_T = table("t", column("a"), column("b"))


def _dialect() -> Any:
    return postgresql.asyncpg.dialect()  # type: ignore[attr-defined]


def _samples(**extra: Any) -> tuple[Slots, Slots]:
    return {"a": "first a", "limit": 8, **extra}, {"a": "second a", "limit": 10, **extra}


def test_slots_are_bound_by_name() -> None:
    def build(slots: Slots) -> Select[Any]:
        return select(_T).where(_T.c.a == slots["a"], _T.c.b == "fixed").limit(slots["limit"])

    cache = StatementCache()
    template = cache.template(_dialect(), "shape", build, _samples)
    assert template is not None
    parameters = template.parameters({"a": "asked", "limit": 21})
    assert sorted(parameters.values(), key=str) == [21, "asked"]
    # and the shape is found again without building
    assert cache.template(_dialect(), "shape", build, _samples) is template
    assert cache.builds == 2


def test_a_value_computed_from_a_slot_is_not_cached() -> None:
    def build(slots: Slots) -> Select[Any]:
        return select(_T).where(_T.c.a == slots["a"] + "%")

    cache = StatementCache()
    assert cache.template(_dialect(), "computed", build, _samples) is None
    assert cache.template(_dialect(), "computed", build, _samples) is None
    assert cache.builds == 2  # remembered as not cacheable


def test_sql_that_changes_with_a_value_is_not_cached() -> None:
    def build(slots: Slots) -> Select[Any]:
        query = select(_T, literal(1))
        return query.where(_T.c.a.is_(None)) if slots["limit"] > 9 else query

    assert StatementCache().template(_dialect(), "sql", build, _samples) is None


def test_bounded() -> None:
    def build(slots: Slots) -> Select[Any]:
        return select(_T).where(_T.c.a == slots["a"])

    # a bound of four templates of this statement (no entry may take more than a quarter)
    sql = str(build({"a": 1}).compile(dialect=_dialect()))
    cache = StatementCache(max_bytes=4 * (template_bytes(len(sql)) + ENTRY_OVERHEAD_BYTES))
    for shape in ("one", "two", "three", "four", "five", "one"):
        cache.template(_dialect(), shape, build, _samples)
    assert cache.builds == 12  # "one" was evicted by "five" and built again
    assert cache.shapes() == ["three", "four", "five", "one"]
    assert cache.bytes <= cache.max_bytes
