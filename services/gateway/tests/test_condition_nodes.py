"""`@skip`/`@include` on variables: one plan covers both values, cached once, and each value's
answer is right (Apollo's `buildPlan` case "handles a @requires triggered conditionally",
`features/bp_requires_conditional`). As in Apollo's plans, a condition on fields of a fetch is
passed on to the subgraph (`a @include(if: $test)`) and the fetches that depend on those fields
go under `Include(if: $test)`, rather than two whole plans under one Condition node."""

from __future__ import annotations

from pathlib import Path

from conftest import gateway_settings
from test_features import FEATURES, _Feature

from koko_gateway.gateway import Gateway
from koko_gateway.planning.nodes import Condition, FetchNode, Sequence
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
    # ... from one cached plan: the root fetch passes the condition on to its subgraph, and
    # the entity fetch for the @requires field runs only when $test is true
    assert plans[0] is plans[1]
    node = plans[0].node
    assert isinstance(node, Sequence) and len(node.nodes) == 2
    root, guarded = node.nodes
    assert isinstance(root, FetchNode) and "a@include(if:$test)" in root.operation
    assert root.variable_names == ("test",)
    assert isinstance(guarded, Condition) and guarded.variable == "test"
    assert guarded.if_clause is not None and guarded.else_clause is None
    assert "Include(if: $test)" in print_plan(node)


async def test_a_condition_inside_one_fetch_is_passed_on_to_the_subgraph() -> None:
    # given: a condition on a field the root fetch's subgraph resolves itself
    feature = _Feature(FOLDER)
    gateway = Gateway(feature.sdl, gateway_settings())
    query = "query q($v: Boolean!) { t { id a @include(if: $v) } }"
    try:
        # when: the operation runs with the variable true, then false
        included = await gateway.execute(query, variables={"v": True})
        skipped = await gateway.execute(query, variables={"v": False})
        plan = gateway.plan(gateway.prepare(query, None), {"v": True}, query)
    finally:
        await gateway.aclose()
        feature.stop()

    # then: one fetch, as Apollo plans it, that the subgraph answers per value
    assert isinstance(plan.node, FetchNode)
    assert plan.node.operation == "query q__Subgraph1__0($v:Boolean!){t{id a@include(if:$v)}}"
    assert included.body == {"data": {"t": {"id": "T-1", "a": 11}}}
    assert skipped.body == {"data": {"t": {"id": "T-1"}}}


async def test_a_skipped_field_with_a_dependent_fetch_goes_under_skip() -> None:
    # given: @skip on the @requires field, whose entity fetch needs `a` from the root fetch
    feature = _Feature(FOLDER)
    gateway = Gateway(feature.sdl, gateway_settings())
    query = "query q($v: Boolean!) { t { id b @skip(if: $v) } }"
    try:
        # when: the operation runs with the variable false, then true
        kept = await gateway.execute(query, variables={"v": False})
        skipped = await gateway.execute(query, variables={"v": True})
        plan = gateway.plan(gateway.prepare(query, None), {"v": True}, query)
    finally:
        await gateway.aclose()
        feature.stop()

    # then: the root fetch skips `a` in the subgraph, the entity fetch sits under Skip(if: $v)
    node = plan.node
    assert isinstance(node, Sequence)
    root, guarded = node.nodes
    assert isinstance(root, FetchNode) and "a@skip(if:$v)" in root.operation
    assert isinstance(guarded, Condition)
    assert guarded.if_clause is None and guarded.else_clause is not None
    assert "Skip(if: $v)" in print_plan(node)
    assert kept.body == {"data": {"t": {"id": "T-1", "b": 11}}}
    assert skipped.body == {"data": {"t": {"id": "T-1"}}}
