"""`Region.supply(on:)`: the language-course supply of the 26 weeks from a given day (the
monitoring report's date), counted in PostgreSQL like today's window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Catalogue

QUERY = """query($ars: String!, $on: Date) {
  region(ars: $ars) { supply(on: $on) { courseTypeCode startLevel upcomingStarts freeSeats } }
}"""


async def _supply(client: httpx.AsyncClient, tokens: TestTokens, on: object) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": QUERY, "variables": {"ars": MAGDEBURG, "on": on}},
        headers=tokens.for_role(Role.COORDINATOR, MAGDEBURG),
    )
    return dict(response.json())


def _by_code(body: dict[str, Any]) -> dict[str, tuple[int, int]]:
    assert "errors" not in body, body
    return {
        s["courseTypeCode"]: (s["upcomingStarts"], s["freeSeats"])
        for s in body["data"]["region"]["supply"]
    }


async def test_the_window_starts_on_the_day_asked_for(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given runs in two weeks, in 30 weeks, one started 20 days ago and a cancelled one
    today = date.today()
    await catalogue.language_course(start=today + timedelta(days=14), seats_booked=5)
    await catalogue.language_course(
        code="BSK_B2", level="B2", start=today + timedelta(weeks=30), seats_booked=8
    )
    await catalogue.language_course(
        code="BSK_C1", level="C1", start=today - timedelta(days=20), status="running"
    )
    await catalogue.language_course(
        code="BSK_A2", level="A2", start=today - timedelta(days=10), status="cancelled"
    )
    # when / then: without a day, today's window (registrations open)
    assert _by_code(await _supply(client, tokens, None)) == {"BAMF_IK_ALLG": (1, 15)}
    # ten weeks ahead: the run in 30 weeks is inside, the one in two weeks not
    ahead = (today + timedelta(weeks=10)).isoformat()
    assert _by_code(await _supply(client, tokens, ahead)) == {"BSK_B2": (1, 12)}
    # a month back: the runs not cancelled that started since, whatever their state now
    back = (today - timedelta(days=30)).isoformat()
    assert _by_code(await _supply(client, tokens, back)) == {
        "BAMF_IK_ALLG": (1, 15),
        "BSK_C1": (1, 15),
    }


async def test_a_day_out_of_range_or_not_a_day_is_refused(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    # when / then
    for hostile in ("1999-12-31", "2101-01-01", "2026-02-30", "x\u0000", 20261206, [1]):
        body = await _supply(client, tokens, hostile)
        assert "data" not in body or body["data"] is None or body["data"]["region"] is None, body
        assert body["errors"], body
    too_early = await _supply(client, tokens, "1999-12-31")
    assert too_early["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", too_early
