"""Course planning finds the clash and the gaps the demo catalogue contains on purpose."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.demo import load_into
from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import BOERDE, MAGDEBURG

PLANNING = """
query($ars: String!, $from: Date!, $to: Date!) {
  coursePlanning(regionArs: $ars, from: $from, to: $to) {
    gaps { level place { areaName town } gapFrom weeks }
    clashes { courseTypeCode level town providerNames }
  }
}
"""


# A Monday, then every other day of that week: the demo's runs are anchored to ISO weeks.
TODAYS = [date(2026, 11, 23) + timedelta(days=offset) for offset in range(7)]


@pytest.mark.parametrize("today", TODAYS, ids=lambda d: d.strftime("%a"))
async def test_demo_clash_in_magdeburg_and_gap_in_boerde_whatever_the_weekday(
    client: httpx.AsyncClient, session: AsyncSession, tokens: TestTokens, today: date
) -> None:
    # given: the demo catalogue loaded on `today`
    await load_into(session, today=today)
    window = {"from": str(today), "to": str(today + timedelta(weeks=12))}
    # when
    plans = {}
    for ars in (MAGDEBURG, BOERDE):
        response = await client.post(
            "/graphql",
            json={"query": PLANNING, "variables": {"ars": ars, **window}},
            headers=tokens.for_role(Role.COORDINATOR, ars),
        )
        plans[ars] = response.json()["data"]["coursePlanning"]
    # then: VHS and Euro-Schulen start general integration courses in the same week
    assert {
        (c["courseTypeCode"], c["level"], c["town"], tuple(c["providerNames"]))
        for c in plans[MAGDEBURG]["clashes"]
    } == {
        (
            "BAMF_IK_ALLG",
            "B1",
            "Magdeburg",
            ("Euro-Schulen Magdeburg", "Volkshochschule Magdeburg"),
        )
    }
    # and Oschersleben, which had integration courses, has none starting for ten weeks
    gaps = {(g["place"]["town"], g["level"], g["gapFrom"]) for g in plans[BOERDE]["gaps"]}
    assert ("Oschersleben (Bode)", "B1", str(today)) in gaps
    assert plans[BOERDE]["clashes"] == []
