"""The finder's facets on a generated catalogue: every menu's counts equal plain count queries of
the filter without the menu's own filter (exact, and on the first matches in id order when
sampled), and the samples of a filter that sets menus' own filters come from one read of the
offer ids (`offer.facet_samples`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.generator import generate
from koko_offers.offer import facets
from koko_offers.offer.counting import estimate
from koko_offers.offer.criteria import OfferCriteria
from koko_offers.offer.facets import Facet, facet_counts
from koko_offers.offer.visibility import PUBLIC_SCOPE
from koko_shared.demo_regions import MAGDEBURG

TODAY = date.today()
IN_6_WEEKS = TODAY + timedelta(weeks=6)
# Filters setting two to four menus' own filters (a sample per set menu and one for the rest),
# one with a start window, whose menu without free seats asks for any run in the window.
FILTERS = [
    OfferCriteria(region_ars=MAGDEBURG, levels=["B1"], has_free_seats=True, today=TODAY),
    OfferCriteria(
        region_ars=MAGDEBURG,
        childcare=False,
        languages=["ar"],
        target_groups=["women"],
        today=TODAY,
    ),
    OfferCriteria(
        category_codes=["language"],
        has_free_seats=True,
        starts_from=TODAY,
        starts_to=IN_6_WEEKS,
        today=TODAY,
    ),
]
_FREE_RUN = (
    "EXISTS (SELECT 1 FROM course_run AS r WHERE r.offer_id = o.id"
    " AND r.registration_open_until >= :today AND (r.free_seats > 0 OR r.capacity_max IS NULL)"
    "{window})"
)
_WINDOW = " AND r.start_date BETWEEN :starts_from AND :starts_to"
_CATEGORY_LINES = """
WITH RECURSIVE line(code, ancestor) AS (
  SELECT code, code FROM category
  UNION SELECT line.code, c.parent_code FROM line JOIN category AS c ON c.code = line.ancestor
   WHERE c.parent_code IS NOT NULL)
"""
# Per menu: what an offer counts for (joined or unnested) in plain SQL.
_VALUES = {
    Facet.CATEGORIES: ("JOIN line ON line.code = o.category_code", "line.ancestor"),
    Facet.COURSE_TYPES: ("JOIN course_type AS ct ON ct.id = o.course_type_id", "ct.code"),
    Facet.LEVELS: ("JOIN course_type AS ct ON ct.id = o.course_type_id", "ct.target_level"),
    Facet.AREAS: (
        "JOIN location AS l ON l.id = o.location_id JOIN area AS a ON a.id = l.area_id",
        "a.code",
    ),
    Facet.LANGUAGES: (
        "CROSS JOIN LATERAL unnest(o.instruction_languages || o.support_languages) AS v(value)",
        "v.value",
    ),
    Facet.TARGET_GROUPS: ("CROSS JOIN LATERAL unnest(o.target_groups) AS v(value)", "v.value"),
    Facet.CHILDCARE: ("", "o.childcare::text"),
    Facet.FREE_SEATS: ("", "(" + _FREE_RUN.format(window="{window}") + ")::text"),
}


def _plain_where(criteria: OfferCriteria, without: Facet) -> str:
    """The filter in plain SQL, the menu `without`'s own filter left out."""
    window = criteria.starts_from is not None
    where = ["o.status = 'published'"]
    if criteria.region_ars:
        where.append(f"o.region_ars LIKE '{criteria.region_ars[:5]}%'")
    if criteria.category_codes and without != Facet.CATEGORIES:
        codes = ", ".join(f"'{c}'" for c in criteria.category_codes)
        where.append(f"o.category_code IN (SELECT code FROM line WHERE ancestor IN ({codes}))")
    if criteria.levels and without != Facet.LEVELS:
        levels = ", ".join(f"'{level}'" for level in criteria.levels)
        where.append(
            f"o.course_type_id IN (SELECT id FROM course_type WHERE target_level IN ({levels}))"
        )
    if criteria.childcare is not None and without != Facet.CHILDCARE:
        where.append(f"o.childcare = {str(criteria.childcare).lower()}")
    if criteria.languages and without != Facet.LANGUAGES:
        wanted = "ARRAY[" + ", ".join(f"'{v}'" for v in criteria.languages) + "]::text[]"
        where.append(f"(o.instruction_languages && {wanted} OR o.support_languages && {wanted})")
    if criteria.target_groups and without != Facet.TARGET_GROUPS:
        wanted = "ARRAY[" + ", ".join(f"'{v}'" for v in criteria.target_groups) + "]::text[]"
        where.append(f"o.target_groups && {wanted}")
    if criteria.has_free_seats and without != Facet.FREE_SEATS:
        where.append(_FREE_RUN.format(window=_WINDOW if window else ""))
    elif window:
        where.append(
            "EXISTS (SELECT 1 FROM course_run AS r WHERE r.offer_id = o.id"
            f" AND r.status <> 'cancelled'{_WINDOW})"
        )
    return " AND ".join(where)


async def _plain_counts(
    session: AsyncSession, criteria: OfferCriteria, facet: Facet, bound: int
) -> dict[str, int]:
    """The menu's counts by plain SQL: over every match when at most `bound` match, else over
    the first `bound + 1` matches in id order, scaled to the estimated total."""
    joins, value = _VALUES[facet]
    value = value.format(window=_WINDOW if criteria.starts_from is not None else "")
    parameters = {
        "today": TODAY,
        "starts_from": criteria.starts_from,
        "starts_to": criteria.starts_to,
    }
    sample = (
        f"SELECT o.* FROM offer AS o WHERE {_plain_where(criteria, facet)}"
        f" ORDER BY o.id LIMIT {bound + 1}"
    )
    found, last_id = (
        await session.execute(
            text(f"{_CATEGORY_LINES} SELECT count(*), max(o.id::text) FROM ({sample}) AS o"),
            parameters,
        )
    ).one()
    scale = 1.0 if found <= bound else estimate(found, last_id) / found
    rows = await session.execute(
        text(
            f"{_CATEGORY_LINES} SELECT {value}, count(DISTINCT o.id) FROM ({sample}) AS o {joins}"
            f" WHERE {value} IS NOT NULL GROUP BY 1"
        ),
        parameters,
    )
    return {str(v): round(n * scale) for v, n in rows.all()}


@pytest.fixture
async def catalogue(session: AsyncSession) -> AsyncSession:
    await generate(session, offers=1_500, runs=5_000, seed=18, today=TODAY)
    await session.execute(text("ANALYZE"))
    return session


@pytest.mark.parametrize("criteria", FILTERS, ids=["levels+seats", "four menus", "window"])
@pytest.mark.parametrize("bound", [1_000, 30])
async def test_every_menu_counts_what_plain_count_queries_give(
    catalogue: AsyncSession,
    criteria: OfferCriteria,
    bound: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: the generated catalogue; with a bound of 30, every sample holds 31 offers
    monkeypatch.setattr(facets, "EXACT_COUNT_BOUND", bound)
    # when
    counted = await facet_counts(catalogue, criteria, PUBLIC_SCOPE, None)
    # then: each menu as plain SQL counts it, on the same offers (the first in id order)
    for facet in Facet:
        expected = await _plain_counts(catalogue, criteria, facet, bound)
        assert dict(counted.values[facet]) == expected, facet
    assert counted.values[Facet.LEVELS] or counted.values[Facet.CATEGORIES]


def _plan_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *[n for child in node.get("Plans", ()) for n in _plan_nodes(child)]]


async def test_menus_with_own_filters_read_the_offer_ids_once(catalogue: AsyncSession) -> None:
    # given: a filter setting the levels' and the free seats' own filters (three samples), in
    # a transaction without table scans (as a search's)
    criteria = FILTERS[0]
    groups = facets._groups(criteria)
    assert len(groups) == 3
    statement = facets._union(groups, PUBLIC_SCOPE, None, facets.EXACT_COUNT_BOUND + 1)
    sql = statement.compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    ).string
    await catalogue.execute(text("SET LOCAL enable_seqscan = off"))
    # when
    explained = await catalogue.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"))
    # then: one read of the offer table for the three samples (which index the areas' join
    # reads is the planner's choice on a catalogue this small: measured at 100,000 offers)
    nodes = _plan_nodes(explained.scalar_one()[0]["Plan"])
    offer_reads = [n for n in nodes if n.get("Relation Name") == "offer"]
    assert len(offer_reads) == 1, [n.get("Node Type") for n in nodes]
