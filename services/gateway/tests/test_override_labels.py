"""Progressive @override: `percent(x)` labels are active in about x % of requests, and the plan
follows the labels drawn (the end-to-end case is `features/override_progressive`)."""

from __future__ import annotations

from pathlib import Path

from conftest import gateway_settings

from koko_gateway.gateway import Gateway
from koko_gateway.planning.override import OverrideLabels
from koko_gateway.planning.printer import print_plan

SUPERGRAPH = Path(__file__).parent / "features" / "override_progressive" / "supergraph.graphql"


def test_percent_labels_are_drawn_per_request() -> None:
    labels = OverrideLabels({"percent(0)", "percent(100)", "percent(50)", "beta-checkout"})
    draws = [labels.draw() for _ in range(2000)]
    assert all("percent(100)" in d and "percent(0)" not in d for d in draws)
    assert all("beta-checkout" not in d for d in draws)  # custom labels stay off
    assert 800 < sum("percent(50)" in d for d in draws) < 1200
    assert OverrideLabels(set()).draw() == frozenset()


async def test_plan_follows_the_active_labels() -> None:
    gateway = Gateway(SUPERGRAPH.read_text(), gateway_settings())
    try:
        query = "{ product { stock price } }"
        prepared = gateway.prepare(query, None)
        none = print_plan(gateway.plan(prepared, {}, query).node)
        both = print_plan(
            gateway.plan(prepared, {}, query, frozenset({"percent(0)", "percent(100)"})).node
        )
        assert 'Fetch(service: "new")' not in none
        # with both labels on, both fields come from the overriding subgraph by the key
        assert 'Fetch(service: "new")' in both and "stock" in both.split('"new"')[1]
        assert len(gateway.plans) == 2  # one cached plan per set of active labels
    finally:
        await gateway.aclose()
