"""No client input gives a server error (issue 8.7): NUL characters and out-of-range numbers in
any query parameter or GraphQL string are the client's mistake, answered 4xx problem+json on
REST and with `extensions.code` BAD_USER_INPUT in GraphQL."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import MAGDEBURG, Catalogue

REST = [
    "/hsds/services?page=9223372036854775807",
    "/hsds/services?page=99999999999999999999999",
    "/hsds/services?per_page=9223372036854775807",
    "/hsds/taxonomies?page=1e30",
    "/hsds/taxonomies?page=9223372036854775807",
    "/hsds/organizations?page=9223372036854775807",
    "/hsds/service_at_locations?page=9223372036854775807",
    "/hsds/taxonomy_terms?page=9223372036854775807",
    "/hsds/organizations?search=a%00b",
    "/hsds/services?search=a%00b",
    "/hsds/services?taxonomy_term_id=%00",
    "/hsds/services?modified_after=2026-01-01%00",
    "/hsds/taxonomy_terms?search=%00",
    f"/feeds/course-starts.ics?region={MAGDEBURG}&area=%00",
    f"/feeds/course-starts.ics?region={MAGDEBURG}&category=%00",
    f"/feeds/course-starts.ics?region={MAGDEBURG}&from=9999999-01-01",
    "/hsds/services?lat=1e308&lon=1e308&proximity=1e308",
    "/hsds/services?lat=nan&lon=nan&proximity=nan",
    "/hsds/services?proximity=inf&postcode=39104",
]


@pytest.mark.parametrize("path", REST)
async def test_hostile_query_parameters_are_client_errors(
    client: httpx.AsyncClient, catalogue: Catalogue, path: str
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    # when
    response = await client.get(path)
    # then
    assert 400 <= response.status_code < 500, (path, response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")


NUL = "a\u0000b"
GRAPHQL: list[tuple[str, dict[str, Any]]] = [
    (
        "query($s: String) { offers(first: 1, filter: {search: $s}) { edges { cursor } } }",
        {"s": NUL},
    ),
    ('{ offers(first: 1, filter: {search: "a\\u0000b"}) { edges { cursor } } }', {}),
    (
        "query($r: String) { offers(first: 1, filter: {regionArs: $r}) { edges { cursor } } }",
        {"r": NUL},
    ),
    (
        "query($c: [String!]) { offers(first: 1, filter: {categories: $c}) { edges { cursor } } }",
        {"c": ["language_course", NUL]},
    ),
    (
        "query($a: [String!]) { offers(first: 1, filter: {areas: $a}) { edges { cursor } } }",
        {"a": [NUL]},
    ),
    ("query($s: String) { providers(first: 1, search: $s) { edges { cursor } } }", {"s": NUL}),
    ("query($s: String!) { offerSuggestions(text: $s) { text } }", {"s": NUL}),
    (
        "query($p: [String!]) { offers(first: 1, filter: {postcodes: $p}) { edges { cursor } } }",
        {"p": [NUL]},
    ),
    (
        "query($p: String) { offers(first: 1, filter: {near: {postcode: $p, radiusKm: 5}}) "
        "{ edges { cursor } } }",
        {"p": NUL},
    ),
    ('{ offerSuggestions(text: "kurs", perKind: 2147483647) { text } }', {}),
    (
        "query($s: String) { offers(first: 1, filter: {search: $s}) { totalCount(upTo: 0) } }",
        {"s": "kurs"},
    ),
    ("query($id: ID!) { node(id: $id) { id } }", {"id": NUL}),
]


@pytest.mark.parametrize(("query", "variables"), GRAPHQL)
async def test_nul_characters_in_graphql_strings_are_bad_user_input(
    client: httpx.AsyncClient, catalogue: Catalogue, query: str, variables: dict[str, Any]
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    # when
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    # then
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], errors
    assert "Unexpected error" not in errors[0]["message"]
