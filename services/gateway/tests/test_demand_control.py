"""@cost / @listSize feed the cost limit: the static estimate per the cost spec (weights, slicing
arguments, assumed sizes, sized fields), and operations over the limit are refused before any
subgraph is called."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import gateway_settings

from koko_gateway.gateway import Gateway
from koko_gateway.supergraph.demand import estimate_cost

SUPERGRAPH = Path(__file__).parent / "features" / "demand_control" / "supergraph.graphql"


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        # 2 products by the slicing argument + 3 bestsellers by assumedSize, 1 per object
        ("{ products(first: 2) { name } bestsellers { name } }", 5),
        ("{ products { name } }", 5),  # the slicing argument's default
        ("{ expensive { total } }", 50),  # the field's @cost
        ("{ report { total } }", 7),  # the returned type's @cost
        ("{ productPage(first: 4) { items { name } } }", 1 + 4),  # sizedFields
        ("query Q($n: Int!) { productPage(first: $n) { items { id } } }", 1 + 30),
    ],
)
async def test_estimate_follows_the_cost_directives(query: str, cost: int) -> None:
    gateway = Gateway(SUPERGRAPH.read_text(), gateway_settings())
    try:
        prepared = gateway.prepare(query, None)
        estimated = estimate_cost(
            gateway.schema,
            gateway.supergraph.costs,
            prepared.operation,
            prepared.fragments,
            {"n": 30},
            10,
        )
        assert estimated == cost
    finally:
        await gateway.aclose()


async def test_operations_over_the_cost_limit_are_refused() -> None:
    gateway = Gateway(SUPERGRAPH.read_text(), gateway_settings(max_cost=40))
    try:
        refused = await gateway.execute("{ expensive { total } }")
        assert refused.status == 400
        error = refused.body["errors"][0]
        assert error["extensions"]["code"] == "OPERATION_LIMIT_EXCEEDED"
        assert "Estimated operation cost 50 exceeds the limit of 40" in error["message"]
    finally:
        await gateway.aclose()
