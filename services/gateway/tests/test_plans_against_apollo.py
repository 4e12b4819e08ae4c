"""Koko's plans checked against Apollo's: every feature folder case (`features/*/cases/*.graphql`)
is planned by Apollo's query planner (npm `@apollo/query-planner`, the version of the composer,
`deploy/federation/apollo_plans.mjs`) and by the gateway; the gateway's plan may not have more
fetches or more sequential steps than Apollo's.

Where Koko deliberately plans otherwise, the case carries `<case>.differs`: why, in words. Such a
case must still differ (a reason that no longer applies fails, so it is removed). Without Node the
tests are skipped; CI sets KOKO_REQUIRE_TOOLS=1, which makes that a failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import gateway_settings

from koko_gateway.gateway import Gateway
from koko_gateway.planning.cost import PlanCost, plan_cost
from koko_gateway.planning.printer import print_plan
from tests.e2e.node_tools import ROOT, run_node

FEATURES = Path(__file__).parent / "features"
CASES = sorted(FEATURES.glob("*/cases/*.graphql"))
APOLLO_PLANS = ROOT / "deploy" / "federation" / "apollo_plans.mjs"


def _id(case: Path) -> str:
    return f"{case.parent.parent.name}/{case.stem}"


@pytest.fixture(scope="module")
def apollo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Apollo's plan of every case, from one Node process."""
    cases = [
        {
            "id": _id(case),
            "supergraph": str(case.parent.parent / "supergraph.graphql"),
            "operation": case.read_text(),
        }
        for case in CASES
    ]
    listing = tmp_path_factory.mktemp("apollo") / "cases.json"
    listing.write_text(json.dumps(cases))
    return {line["id"]: line for line in run_node(APOLLO_PLANS, str(listing))}


async def _koko(supergraph: str, query: str) -> tuple[PlanCost, str]:
    gateway = Gateway(supergraph, gateway_settings())
    try:
        plan = gateway.plan(gateway.prepare(query, None), {}, query)
        return plan_cost(plan.node), print_plan(plan.node)
    finally:
        await gateway.aclose()


def _read(path: Path) -> str:
    return path.read_text()


def _reason(case: Path) -> str | None:
    """Why Koko deliberately plans the case otherwise than Apollo (`<case>.differs`), if so."""
    differs = case.with_suffix(".differs")
    return differs.read_text() if differs.exists() else None


@pytest.mark.parametrize("case", CASES, ids=_id)
async def test_no_more_fetches_or_steps_than_apollos_plan(
    case: Path, apollo: dict[str, dict[str, Any]]
) -> None:
    # given: Apollo's plan of the case
    reference = apollo[_id(case)]
    assert "error" not in reference, f"Apollo's planner refused the case: {reference['error']}"
    theirs = PlanCost(reference["fetches"], reference["depth"])

    # when: the gateway plans it
    ours, printed = await _koko(_read(case.parent.parent / "supergraph.graphql"), _read(case))

    # then: no more fetches and no more sequential steps, unless the case says why
    worse = ours.fetches > theirs.fetches or ours.depth > theirs.depth
    reason = _reason(case)
    comparison = f"Koko {ours}, Apollo {theirs}\n\nKoko:\n{printed}\nApollo:\n{reference['plan']}"
    differs = case.with_suffix(".differs")
    if reason is not None:
        assert reason.strip(), f"{differs.name} is empty: say why Koko differs"
        assert worse, f"{differs.name} explains a difference that is gone:\n{comparison}"
    else:
        assert not worse, comparison


def test_the_comparison_counts_what_apollo_counts(tmp_path: Path) -> None:
    # given: a case where Apollo's plan is a root fetch and then an entity fetch
    case = FEATURES / "requires_basic" / "cases" / "required_field_sent_along.graphql"
    listing = tmp_path / "cases.json"
    listing.write_text(
        json.dumps(
            [
                {
                    "id": "one",
                    "supergraph": str(case.parent.parent / "supergraph.graphql"),
                    "operation": case.read_text(),
                }
            ]
        )
    )

    # when: the script plans it with Apollo's planner
    (line,) = run_node(APOLLO_PLANS, str(listing))

    # then: two fetches in two sequential steps, and the printed plan shows both
    assert (line["fetches"], line["depth"]) == (2, 2), line
    assert line["plan"].count("Fetch(service:") == 2, line["plan"]
    assert "Sequence" in line["plan"] and "Flatten" in line["plan"], line["plan"]
