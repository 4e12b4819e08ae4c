"""The demo data load once, idempotently, and make the aggregates show something."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.demo_regions import MAGDEBURG
from koko_surveys.demo import load_demo


async def test_demo_loads_once_and_shows_indicators_and_transitions(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    session: AsyncSession,
    capsys,
) -> None:  # type: ignore[no-untyped-def]
    # when
    await load_demo(sessionmaker)
    await load_demo(sessionmaker)
    # then
    assert capsys.readouterr().out == ""
    studies = await session.execute(
        text(
            "SELECT code FROM study WHERE code IN ('verbleib-schulabgaenger', "
            "'erstbefragung-neuzugewanderte')"
        )
    )
    assert len(list(studies)) == 2
    subjects = await session.execute(text("SELECT count(*) FROM subject"))
    assert subjects.scalar_one() >= 4000
    listing = (
        await client.post(
            "/graphql",
            json={"query": "{ studies { edges { node { id code waves { id code } } } } }"},
        )
    ).json()
    verbleib = next(
        e["node"]
        for e in listing["data"]["studies"]["edges"]
        if e["node"]["code"] == "verbleib-schulabgaenger"
    )
    query = """query($s: ID!, $a: ID!, $b: ID!) {
      indicator(studyId: $s, code: "training_rate", waveId: $a, by: [AREA]) {
        rows { key { value } value { numerator denominator rate } } total { rate } }
      transitions(studyId: $s, fromWaveId: $a, toWaveId: $b, question: "destination") {
        cells { fromState toState count } }
    }"""
    variables = {
        "s": verbleib["id"],
        "a": verbleib["waves"][0]["id"],
        "b": verbleib["waves"][1]["id"],
    }
    body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    assert "errors" not in body, body
    assert body["data"]["indicator"]["total"]["rate"] > 0
    assert any(
        c["toState"] == "not_reinterviewed" and c["count"]
        for c in body["data"]["transitions"]["cells"]
    )
    demand = (
        await client.post(
            "/graphql",
            json={
                "query": "query($r: [_Any!]!) { _entities(representations: $r) {"
                " ... on Region { demand { level newcomers } studies { code } } } }",
                "variables": {"r": [{"__typename": "Region", "ars": MAGDEBURG, "supply": []}]},
            },
        )
    ).json()
    region = demand["data"]["_entities"][0]
    assert any(d["newcomers"] for d in region["demand"])
    assert {"code": "verbleib-schulabgaenger"} in region["studies"]
