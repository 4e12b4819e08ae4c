"""`_entities` for Region from the gateway: a page of offers names the same few regions many
times; each distinct region is resolved once per request, whatever the count of representations
(issue 18: 1,999 lookups of one region kept surveys busy 75 s)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from koko_shared.demo_regions import BOERDE, MAGDEBURG, SACHSEN_ANHALT

# Ten distinct Regionalschlüssel: the state, two districts and seven others of theirs.
REGIONS = [SACHSEN_ANHALT, MAGDEBURG, BOERDE] + [f"15083{n:04d}{n:03d}" for n in range(1, 8)]
QUERY = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Region {
    demand { level newcomers suppressed } languageCourseGap { level gap } } } }"""


async def test_a_thousand_representations_of_ten_regions_cost_what_ten_do(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    async def ask(regions: list[str]) -> tuple[list[Any], int]:
        statements.clear()
        representations = [{"__typename": "Region", "ars": ars, "supply": []} for ars in regions]
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            response = await client.post(
                "/graphql", json={"query": QUERY, "variables": {"r": representations}}
            )
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        counted = [s for s in statements if "SAVEPOINT" not in s.upper()]
        return body["data"]["_entities"], len(counted)

    # when: each region once, then a hundred times each, interleaved as a page would name them
    ten, ten_statements = await ask(REGIONS)
    thousand, thousand_statements = await ask(REGIONS * 100)
    # then: the same answers, and not one statement more
    assert len(thousand) == 1000
    assert thousand == ten * 100
    assert thousand_statements == ten_statements, (ten_statements, thousand_statements)
    assert ten_statements > 0
