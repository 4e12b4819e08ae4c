"""A field of one implementation fetched by re-selecting a shared root field in another
subgraph goes under that implementation's fragment there: `node(id:) { id }` where `Chat.id` is
external in subgraph a and `Account.id` in subgraph b (audit suite
`corrupted-supergraph-node-id` of graphql-hive/federation-gateway-audit, feature folder
`audit_corrupted_supergraph_node_id`). Each subgraph answers the other's type's id as "never".

Apollo's planner refuses this operation (the audit expects an error), so it cannot be a feature
folder case: Koko plans it by re-selecting `node` in both subgraphs, and without the fragment the
second fetch would overwrite the account's id with b's "never".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import gateway_settings, point_supergraph
from sdl_subgraph import SdlSubgraph
from servers import ServerThread

from koko_gateway.gateway import Gateway

FOLDER = Path(__file__).parent / "features" / "audit_corrupted_supergraph_node_id"


@pytest.fixture(scope="module")
def supergraph() -> Iterator[str]:
    data = json.loads((FOLDER / "data.json").read_text())
    servers = {
        sdl.stem: ServerThread(SdlSubgraph(sdl.read_text(), data[sdl.stem]))
        for sdl in sorted((FOLDER / "subgraphs").glob("*.graphql"))
    }
    for server in servers.values():
        server.start()
    try:
        sdl = (FOLDER / "supergraph.graphql").read_text()
        yield point_supergraph(sdl, {name: server.url for name, server in servers.items()})
    finally:
        for server in servers.values():
            server.stop()


@pytest.mark.parametrize("node_id", ["a1", "c1"])
async def test_each_id_comes_from_the_subgraph_that_resolves_it(
    supergraph: str, node_id: str
) -> None:
    gateway = Gateway(supergraph, gateway_settings())
    try:
        # when: the interface field is asked of an object either subgraph can return
        query = f'{{ node(id: "{node_id}") {{ id }} }}'
        response = await gateway.execute(query)

        # then: the id of the subgraph that resolves it for that type, never the other's
        assert response.body == {"data": {"node": {"id": node_id}}}
    finally:
        await gateway.aclose()
