"""What the gateway does not support is refused with QUERY_PLANNING_FAILED and a message naming
it, instead of sending a subgraph a query it would answer wrongly."""

from __future__ import annotations

from pathlib import Path

from conftest import gateway_settings

from koko_gateway.gateway import Gateway

FEATURES = Path(__file__).parent / "features"


async def test_context_selections_of_several_fields_are_refused() -> None:
    # @fromContext selections that pick one value (`{ currency }`, `{ owner { currency } }`)
    # plan (features/context); one that picks several fields or uses fragments is refused.
    sdl = (FEATURES / "context" / "supergraph.graphql").read_text()
    assert 'selection: " { currency }"' in sdl
    sdl = sdl.replace('selection: " { currency }"', 'selection: " { currency id }"')
    gateway = Gateway(sdl, gateway_settings())
    try:
        response = await gateway.execute("{ shop { item { price } } }")
        assert response.status == 400
        error = response.body["errors"][0]
        assert error["extensions"]["code"] == "QUERY_PLANNING_FAILED"
        assert "context selection of price picks more than one field" in error["message"]
        # the rest of the graph still plans
        fine = gateway.prepare("{ shop { id currency item { id } } }", None)
        assert gateway.plan(fine, {}, "{ shop { id currency item { id } } }").fetches
    finally:
        await gateway.aclose()
