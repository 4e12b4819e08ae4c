"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) at the gateway and at
both subgraphs, over real HTTP: the specification's own audit suite (npm `graphql-http`,
`serverAudits`) finds no warning and no error, and Apollo Client 4 receives refused operations as
GraphQL errors with their codes. Both need Node; without it they are skipped."""

from __future__ import annotations

import json
import uuid

import pytest

from koko_shared.auth.actor import PUBLIC
from koko_shared.auth.identity import IDENTITY_HEADER
from tests.e2e.conftest import ROOT, System
from tests.e2e.node_tools import run_node

pytestmark = pytest.mark.e2e

AUDIT = ROOT / "deploy" / "federation" / "http_audit.mjs"
APOLLO_CLIENT = ROOT / "tests" / "e2e" / "node" / "apollo_client_errors.mjs"


@pytest.mark.parametrize("service", ["gateway", "offers", "surveys"])
def test_the_graphql_over_http_audit_passes_without_warnings(system: System, service: str) -> None:
    # given: the service running as its own process (a subgraph asked as the gateway asks it,
    # with the gateway's identity for an anonymous caller: it answers nothing else)
    url = f"{getattr(system, service).url}/graphql"
    headers = {}
    if service != "gateway":
        headers[IDENTITY_HEADER] = system.signer().sign(PUBLIC, service)

    # when: graphql-http's server audits (every MUST, SHOULD and MAY of the spec) run against it
    results = run_node(AUDIT, url, env={"KOKO_AUDIT_HEADERS": json.dumps(headers)})

    # then: all of them are "ok" ("error" is a failed MUST, "warn" a SHOULD, "notice" a MAY)
    assert len(results) >= 60, results
    failed = [r for r in results if r["status"] != "ok"]
    assert failed == [], json.dumps(failed, indent=1)


def test_apollo_client_receives_refusals_as_graphql_errors_with_codes(system: System) -> None:
    # given: operations a frontend gets wrong, and one it gets right
    cases = [
        {"query": "query Page { offers(first: 101) { totalCount } }"},
        {"query": "query Unknown { offers(first: 5) { nope } }"},
        {"query": "query Fine { offers(first: 1) { totalCount } }"},
    ]

    # when: Apollo Client 4 sends them to the gateway
    page, unknown, fine = run_node(
        APOLLO_CLIENT, f"{system.gateway.url}/graphql", json.dumps(cases)
    )

    # then: the refusals are GraphQL errors (not "ServerError 400") and carry their codes
    assert page["errorClass"] == "CombinedGraphQLErrors", page
    assert "100" in page["errors"][0]["message"], page
    assert [e["code"] for e in page["errors"]] == ["OPERATION_LIMIT_EXCEEDED"], page
    assert unknown["errorClass"] == "CombinedGraphQLErrors", unknown
    assert [e["code"] for e in unknown["errors"]] == ["GRAPHQL_VALIDATION_FAILED"], unknown
    assert "nope" in unknown["errors"][0]["message"]
    assert fine["data"]["offers"]["totalCount"] >= 1, fine


def test_apollo_clients_persisted_queries_register_over_post_and_run_over_get(
    system: System,
) -> None:
    # given: a query the gateway has not seen (unique by its comment), asked twice
    query = f"query Persisted {{ offers(first: 1) {{ totalCount }} }} # {uuid.uuid4()}"
    cases = [{"query": query}, {"query": query}]

    # when: Apollo Client 4 sends it with its PersistedQueryLink (hashes over GET)
    first, second = run_node(
        APOLLO_CLIENT, f"{system.gateway.url}/graphql", json.dumps(cases), "--apq"
    )

    # then: the unknown hash is a PERSISTED_QUERY_NOT_FOUND the link understands (400 under
    # graphql-response+json), it registers the query over POST, and the hash alone runs it
    assert first["http"] == [["GET", 400], ["POST", 200]], first
    assert first["data"]["offers"]["totalCount"] >= 1
    assert second["http"] == [["GET", 200]], second
    assert second["data"] == first["data"]
