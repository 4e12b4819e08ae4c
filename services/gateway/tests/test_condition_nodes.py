"""`@skip`/`@include` on variables: one plan covers both values (Condition nodes, chosen when the
operation runs), cached once, and each value's answer is right (Apollo's `buildPlan` case
"handles a @requires triggered conditionally", `features/bp_requires_conditional`)."""

from __future__ import annotations

from pathlib import Path

from conftest import gateway_settings
from test_features import FEATURES, _Feature

from koko_gateway.gateway import Gateway
from koko_gateway.planning.nodes import Condition
from koko_gateway.planning.printer import print_plan

FOLDER = FEATURES / "bp_requires_conditional"


def _query() -> str:
    return Path(FOLDER / "cases" / "included.graphql").read_text()


async def test_one_plan_with_a_condition_answers_both_values() -> None:
    # given: the feature's subgraphs served over HTTP and one gateway
    feature = _Feature(FOLDER)
    gateway = Gateway(feature.sdl, gateway_settings())
    query = _query()
    try:
        # when: the operation runs with the variable true, then false
        included = await gateway.execute(query, variables={"test": True})
        skipped = await gateway.execute(query, variables={"test": False})
        plans = [
            gateway.plan(gateway.prepare(query, None), {"test": value}, query)
            for value in (True, False)
        ]
    finally:
        await gateway.aclose()
        feature.stop()

    # then: both answers are right (the @requires field only when included) ...
    assert included.body == {"data": {"t": {"b": 11}}}
    assert skipped.body == {"data": {"t": {}}}
    # ... and they come from one cached plan whose top is a Condition on $test
    assert plans[0] is plans[1]
    assert isinstance(plans[0].node, Condition) and plans[0].node.variable == "test"
    assert "Condition(if: $test)" in print_plan(plans[0].node)
