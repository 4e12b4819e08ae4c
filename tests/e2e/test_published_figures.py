"""The public reads survey figures through the gateway from the values a release stored (issue
16): anonymously, the demo's released waves answer with exactly the stored values."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from koko_shared.database.engine import create_engine
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

STUDIES = "{ studies { edges { node { id code waves { id code } } } } }"
FIGURES = """query($s: ID!, $a: ID!, $b: ID!) {
  indicator(studyId: $s, code: "destination:training", waveId: $a, by: [AREA]) {
    rows { key { value } value { numerator denominator sign } }
    total { numerator denominator sign } release { number revision } }
  transitions(studyId: $s, fromWaveId: $a, toWaveId: $b, question: "destination") {
    cells { fromState toState count } release { number } } }"""


async def _stored(system: System, wave_code: str) -> dict[tuple[Any, ...], int | None]:
    engine = create_engine(system.surveys_database, pool_size=1)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                text(
                    "SELECT c.kind, c.dims, c.key, c.category, c.value FROM release_cell c "
                    "JOIN study_release r ON r.id = c.release_id JOIN wave w ON w.id = r.wave_id "
                    "WHERE w.code = :wave AND c.name = 'destination'"
                ),
                {"wave": wave_code},
            )
            return {(r.kind, r.dims, tuple(r.key), r.category): r.value for r in result}
    finally:
        await engine.dispose()


async def test_the_public_reads_a_stored_release_through_the_gateway(system: System) -> None:
    # given: the demo's school leavers' study, both of its first waves released
    listing: Any = await system.query(STUDIES)
    study = next(
        e["node"]
        for e in listing["data"]["studies"]["edges"]
        if e["node"]["code"] == "verbleib-schulabgaenger"
    )
    first, second = study["waves"][0], study["waves"][1]
    # when: anonymously, through the gateway
    body: Any = await system.query(FIGURES, {"s": study["id"], "a": first["id"], "b": second["id"]})
    # then: every figure is the value the release stored
    assert "errors" not in body, body
    indicator, transitions = body["data"]["indicator"], body["data"]["transitions"]
    assert indicator["release"]["revision"] == 0
    stored = await _stored(system, first["code"])
    assert indicator["total"]["numerator"] == stored[("indicator", "", (), "training")]
    assert indicator["total"]["denominator"] == stored[("indicator", "", (), "_total")]
    for row in indicator["rows"]:
        key = (row["key"][0]["value"] or "",)
        assert row["value"]["numerator"] == stored[("indicator", "area", key, "training")], row
        assert row["value"]["denominator"] == stored[("indicator", "area", key, "_total")], row
    later = await _stored(system, second["code"])
    cells = {(c["fromState"], c["toState"]): c["count"] for c in transitions["cells"]}
    assert cells and all(
        count == later[("transition", "", (state,), to)] for (state, to), count in cells.items()
    )
    assert any(count for (_, to), count in cells.items() if to == "not_reinterviewed")
