"""The committed supergraph of offers + surveys loads, and every root field without required
arguments can be planned."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import gateway_settings
from graphql import GraphQLObjectType, get_named_type, is_leaf_type, is_non_null_type

from koko_gateway.gateway import Gateway

SUPERGRAPH = Path(__file__).resolve().parents[3] / "deploy" / "supergraph.graphql"


def _leaf_selection(type_: object, depth: int = 0) -> str:
    named = get_named_type(type_)  # type: ignore[arg-type]
    if is_leaf_type(named):
        return ""
    if not isinstance(named, GraphQLObjectType) or depth > 2:
        return "{ __typename }"
    parts = []
    for name, field in named.fields.items():
        if any(is_non_null_type(a.type) and a.default_value is None for a in field.args.values()):
            continue
        parts.append(name + " " + _leaf_selection(field.type, depth + 1))
    return "{ __typename " + " ".join(parts) + " }"


@pytest.mark.skipif(not SUPERGRAPH.exists(), reason="deploy/supergraph.graphql not composed yet")
async def test_every_root_field_plans() -> None:
    gateway = Gateway(SUPERGRAPH.read_text(), gateway_settings(max_depth=50, max_cost=10**9))
    try:
        query_type = gateway.schema.query_type
        assert query_type is not None
        planned = 0
        for name, field in query_type.fields.items():
            if any(is_non_null_type(a.type) for a in field.args.values()):
                continue
            query = "{ " + name + " " + _leaf_selection(field.type) + " }"
            prepared = gateway.prepare(query, None)
            plan = gateway.plan(prepared, {}, query)
            assert plan.fetches, name
            planned += 1
        assert planned > 0
        assert {s.name for s in gateway.supergraph.subgraphs.values()} >= {"offers", "surveys"}
    finally:
        await gateway.aclose()
