"""A field whose type in one subgraph is narrower than in the API (`Viewer.book: Book` in one
subgraph, `ViewerMedia` in another and in the API): the fetch sent to that subgraph may only
name the types the subgraph's own field type can hold.

The composer writes such a field with the union as its API type, as Apollo's composition does
(`deploy/federation/align.mjs`; the audit suite `union-intersection` of
graphql-hive/federation-gateway-audit runs on that supergraph, its cases are the feature folder
`audit_union_intersection`). This test validates every fetch of the widest case against the
subgraph's own schema.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import gateway_settings
from graphql import parse, validate
from sdl_subgraph import SdlSubgraph

from koko_gateway.gateway import Gateway

FOLDER = Path(__file__).parent / "features" / "audit_union_intersection"
AS_APOLLO_COMPOSES = 'book: ViewerMedia @join__field(graph: A, type: "Book")'
_SELECTION = (
    "{ __typename ... on Song { title aTitle } ... on Movie { title bTitle }"
    " ... on Book { title aTitle bTitle } }"
)
QUERY = f"query {{ viewer {{ media {_SELECTION} book {_SELECTION} song {_SELECTION} }} }}"


async def test_fetches_name_only_the_types_of_the_subgraphs_own_field_type() -> None:
    # given: the supergraph as Apollo's composer writes it (Viewer.book: ViewerMedia)
    supergraph = (FOLDER / "supergraph.graphql").read_text()
    assert AS_APOLLO_COMPOSES in supergraph
    data = json.loads((FOLDER / "data.json").read_text())
    schemas = {
        sdl.stem: SdlSubgraph(sdl.read_text(), data[sdl.stem]).schema
        for sdl in (FOLDER / "subgraphs").glob("*.graphql")
    }
    gateway = Gateway(supergraph, gateway_settings())
    try:
        # when: the gateway plans the audit's query
        plan = gateway.plan(gateway.prepare(QUERY, None), {}, QUERY)

        # then: every fetch is a valid operation for the subgraph it is sent to
        assert plan.fetches
        for fetch in plan.fetches:
            errors = validate(schemas[fetch.service_name], parse(fetch.operation))
            assert errors == [], f"{fetch.service_name}: {fetch.operation}\n{errors}"
    finally:
        await gateway.aclose()
