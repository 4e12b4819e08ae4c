"""The planner is asked whether a relevance tier walks the rank index (`ranking.ExplainJson`)
with the tier's statement executed as SQLAlchemy executes it: parameters bound by SQLAlchemy, the
compiled form reused from SQLAlchemy's statement cache by the next search of the same shape
instead of compiled again for every request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.interfaces import CacheStats
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import Given, GraphQL, gid, ids

SEARCH = """
query ($search: String!) { offers(filter: {search: $search}, first: 5) { edges { node { id } } } }
"""


async def test_the_plan_question_is_compiled_once_per_shape(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given: offers that two searches of one word each find
    pottery = await given.offer("Töpferkurs am Abend")
    swimming = await given.offer("Schwimmkurs am Morgen")
    asked: list[tuple[str, bool]] = []

    def record(_conn: Any, _cursor: Any, statement: str, _p: Any, context: Any, _m: Any) -> None:
        if statement.startswith("EXPLAIN (FORMAT JSON)"):
            asked.append((statement, context.cache_hit == CacheStats.CACHE_HIT))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        # when: the two searches, the second with the first one's statement shape
        first = await graphql(SEARCH, {"search": "töpferkurs"})
        second = await graphql(SEARCH, {"search": "schwimmkurs"})
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    # then: each finds its own offer
    assert ids(first) == [gid("Offer", pottery.id)]
    assert ids(second) == [gid("Offer", swimming.id)]
    # and the planner was asked with bound parameters, the second time from the compiled cache
    assert asked, "no tier was planned"
    assert all("töpferkurs" not in sql and "schwimmkurs" not in sql for sql, _ in asked)
    assert asked[-1][1] is True
