"""What the gateway does not support is refused with QUERY_PLANNING_FAILED and a message naming
it, instead of sending a subgraph a query it would answer wrongly."""

from __future__ import annotations

from pathlib import Path

from conftest import gateway_settings

from koko_gateway.gateway import Gateway

FEATURES = Path(__file__).parent / "features"


async def test_from_context_arguments_are_refused() -> None:
    gateway = Gateway((FEATURES / "context" / "supergraph.graphql").read_text(), gateway_settings())
    try:
        response = await gateway.execute("{ shop { item { price } } }")
        assert response.status == 400
        error = response.body["errors"][0]
        assert error["extensions"]["code"] == "QUERY_PLANNING_FAILED"
        assert "Item.price takes an argument from @context" in error["message"]
        # the rest of the graph still plans
        fine = gateway.prepare("{ shop { id currency item { id } } }", None)
        assert gateway.plan(fine, {}, "{ shop { id currency item { id } } }").fetches
    finally:
        await gateway.aclose()
