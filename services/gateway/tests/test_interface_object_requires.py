"""An `@interfaceObject` field with `@requires` of a field the implementations' subgraph
resolves (audit suite `interface-object-with-requires` of graphql-hive/federation-gateway-audit):
once that subgraph has answered with the concrete `__typename` (`User`), the objects must still
be sent to the interface object (as `NodeWithName`) with the required field.

Koko's composer writes `NodeWithName.name` without its `join__field`s (as if every subgraph
resolved it, though it is `@external` in the interface object's subgraph), so the feature folder
`audit_interface_object_with_requires` cannot carry these cases; this test runs them on the folder's
supergraph with the field as Apollo's composer writes it, against the folder's subgraphs over HTTP.
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

FOLDER = Path(__file__).parent / "features" / "audit_interface_object_with_requires"
AS_KOKO_COMPOSES = '  name: String\n  username: String @join__field(graph: B, requires: "name")'
AS_APOLLO_COMPOSES = (
    "  name: String @join__field(graph: A) @join__field(graph: B, external: true)\n"
    '  username: String @join__field(graph: B, requires: "name")'
)
USERS = [
    {"id": "u1", "name": "u1-name", "username": "u1-username", "age": 11},
    {"id": "u2", "name": "u2-name", "username": "u2-username", "age": 22},
]


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
        assert AS_KOKO_COMPOSES in sdl
        sdl = sdl.replace(AS_KOKO_COMPOSES, AS_APOLLO_COMPOSES)
        yield point_supergraph(sdl, {name: server.url for name, server in servers.items()})
    finally:
        for server in servers.values():
            server.stop()


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("{ anotherUsers { id name username } }", ("id", "name", "username")),
        (
            "{ anotherUsers { ... on User { age id name username } id name } }",
            ("age", "id", "name", "username"),
        ),
    ],
)
async def test_required_field_reaches_the_interface_object(
    supergraph: str, query: str, fields: tuple[str, ...]
) -> None:
    gateway = Gateway(supergraph, gateway_settings())
    try:
        # when: a field of the interface object requires one of the implementations' subgraph
        response = await gateway.execute(query)

        # then: the audit's expected answer (username needs name to arrive in subgraph b)
        expected = [{f: user[f] for f in fields} for user in USERS]
        assert response.body == {"data": {"anotherUsers": expected}}
    finally:
        await gateway.aclose()
