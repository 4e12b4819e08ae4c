"""Auth and the signed identity, persisted operations, rate limits, CORS, health, metrics,
GraphiQL, the plan cache and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
from conftest import GatewayClient, committed_supergraph, gateway_settings, open_gateway
from prometheus_client import generate_latest
from servers import ServerThread, free_port
from strawberry.asgi import GraphQL
from subgraphs import identity

from koko_gateway.security.persisted import sha256_id
from koko_shared.auth.actor import Role
from koko_shared.auth.tokens import hash_api_key
from koko_shared.testing.identity import TestTokens
from koko_shared.testing.waiting import wait_until


async def test_bearer_jwt_and_api_key_become_a_signed_identity(tmp_path: Path) -> None:
    # given a subgraph that verifies the identity header, and a JWKS plus an API key file
    server = ServerThread(GraphQL(identity.schema))
    server.start()
    try:
        sdl = committed_supergraph("identity", {"identity": server.url})
        tokens = TestTokens(tmp_path / "idp", issuer="https://idp.test", audience="koko")
        api_key = "koko_test_key_0123456789"
        keys_file = tmp_path / "api-keys.json"
        keys_file.write_text(
            json.dumps(
                {
                    hash_api_key(api_key): {
                        "subject": "partner-script",
                        "koko_grants": [{"role": "partner", "region": "150030000000"}],
                    }
                }
            )
        )
        settings = gateway_settings(
            jwt_issuer="https://idp.test",
            jwt_audience="koko",
            jwks_file=tokens.jwks_file,
            api_keys_file=keys_file,
        )
        async for client in open_gateway(sdl, settings):
            query = {"query": "{ whoami { subject roles } }"}
            # when
            public = await client.http.post("/graphql", json=query)
            jwt_call = await client.http.post(
                "/graphql",
                json=query,
                headers=tokens.for_role(Role.COORDINATOR, "150030000000", subject="kim"),
            )
            key_call = await client.http.post(
                "/graphql", json=query, headers={"Authorization": f"Bearer {api_key}"}
            )
            bad = await client.http.post(
                "/graphql", json=query, headers={"Authorization": "Bearer not-a-jwt"}
            )
            forged = await client.http.post(
                "/graphql", json=query, headers={"Authorization": "Bearer koko_unknown"}
            )
            # then
            assert public.json() == {"data": {"whoami": {"subject": "public", "roles": []}}}
            assert jwt_call.json()["data"]["whoami"] == {"subject": "kim", "roles": ["coordinator"]}
            assert key_call.json()["data"]["whoami"] == {
                "subject": "partner-script",
                "roles": ["partner"],
            }
            assert bad.status_code == 401 and forged.status_code == 401
            assert bad.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    finally:
        server.stop()


async def test_trusted_operations_mode(supergraph_sdl: str, tmp_path: Path) -> None:
    query = "query Color { color }"
    manifest = tmp_path / "operations.json"
    manifest.write_text(json.dumps({"operations": [{"id": "color-v1", "body": query}]}))
    settings = gateway_settings(persisted_operations_file=manifest, persisted_operations_only=True)
    async for client in open_gateway(supergraph_sdl, settings):
        by_id = await client.http.post("/graphql", json={"documentId": "color-v1"})
        by_body = await client.http.post("/graphql", json={"query": query})
        free_form = await client.http.post("/graphql", json={"query": '{ echo(text: "x") }'})
        unknown = await client.http.post("/graphql", json={"documentId": "nope"})
        assert by_id.json() == {"data": {"color": "RED"}}
        assert by_body.json() == {"data": {"color": "RED"}}
        assert free_form.status_code == 400
        assert free_form.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
        assert unknown.status_code == 400
    assert sha256_id(query) != "color-v1"


async def test_rate_limit_per_client(supergraph_sdl: str) -> None:
    async for client in open_gateway(supergraph_sdl, gateway_settings(rate_limit_per_minute=3)):
        statuses = [
            (await client.http.post("/graphql", json={"query": "{ color }"})).status_code
            for _ in range(5)
        ]
        assert statuses[:3] == [200, 200, 200]
        assert statuses[3:] == [429, 429]
        limited = await client.http.post("/graphql", json={"query": "{ color }"})
        assert int(limited.headers["retry-after"]) >= 1


async def test_cors_preflight(supergraph_sdl: str) -> None:
    settings = gateway_settings(cors_origins=["https://kommune.example"])
    async for client in open_gateway(supergraph_sdl, settings):
        response = await client.http.options(
            "/graphql",
            headers={
                "Origin": "https://kommune.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "https://kommune.example"
        other = await client.http.post(
            "/graphql", json={"query": "{ color }"}, headers={"Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in other.headers


async def test_health_readiness_metrics_and_request_id(gateway: GatewayClient) -> None:
    assert (await gateway.http.get("/healthz")).status_code == 200
    assert (await gateway.http.get("/readyz")).status_code == 200
    answered = await gateway.http.post(
        "/graphql", json={"query": "{ color }"}, headers={"x-request-id": "req-42"}
    )
    assert answered.headers["x-request-id"] == "req-42"
    # metrics are on their own port (test_metrics_port.py), not on the public one
    assert (await gateway.http.get("/metrics")).status_code == 404
    registry = gateway.http._transport.app.state.metrics.registry  # type: ignore[attr-defined]
    assert 'route="/graphql"' in generate_latest(registry).decode()


async def test_graphiql_and_get_queries(gateway: GatewayClient) -> None:
    page = await gateway.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    answered = await gateway.http.get("/graphql", params={"query": "{ color }"})
    assert answered.json() == {"data": {"color": "RED"}}
    mutation = await gateway.http.get(
        "/graphql", params={"query": 'mutation { renameProduct(id: "p1", name: "x") { id } }'}
    )
    assert mutation.status_code == 405


async def test_plans_are_cached_per_operation(supergraph_sdl: str) -> None:
    app_settings = gateway_settings()
    from koko_gateway.gateway import Gateway

    engine = Gateway(supergraph_sdl, app_settings)
    try:
        query = 'query Q($s: Boolean!) { product(id: "p1") { name inStock @skip(if: $s) } }'
        first = await engine.execute(query, variables={"s": False})
        second = await engine.execute(query, variables={"s": False})
        skipped = await engine.execute(query, variables={"s": True})
        assert first.body == second.body
        assert skipped.body == {"data": {"product": {"name": "Chair"}}}
        # one plan for both values of the @skip variable (a Condition node), not per request
        assert len(engine.plans) == 1
    finally:
        await engine.aclose()


def test_readyz_is_503_until_the_supergraph_is_loaded(supergraph_sdl: str) -> None:
    from fastapi.testclient import TestClient

    from koko_gateway.app import create_app

    app = create_app(gateway_settings(), supergraph_sdl=supergraph_sdl)
    client = TestClient(app)
    assert client.get("/readyz").status_code == 503  # lifespan not run yet
    with client:
        assert client.get("/readyz").status_code == 200


def test_cli_serves_a_supergraph_file(supergraph_sdl: str, tmp_path: Path) -> None:
    supergraph_file = tmp_path / "supergraph.graphql"
    supergraph_file.write_text(supergraph_sdl)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "koko_gateway.cli",
            "--supergraph",
            str(supergraph_file),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env={"GATEWAY_ENVIRONMENT": "test", "PATH": "/usr/bin:/bin"},
    )
    try:

        def answered() -> Any:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql", json={"query": "{ products { name } }"}
                )
            except httpx.TransportError:
                return None
            return response.json()

        # Start-up only; slow on a loaded machine.
        body = wait_until(answered, seconds=60, what="the gateway process answered")
        assert body == {
            "data": {"products": [{"name": "Chair"}, {"name": "Table"}, {"name": "Lamp"}]}
        }
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_a_subgraph_that_cannot_verify_the_identity_is_reported_with_its_code(
    tmp_path: Path, capsys: Any
) -> None:
    # given: a Koko subgraph holding another public key than the gateway's (a misconfiguration)
    from fastapi import Depends, FastAPI, Request
    from strawberry.fastapi import GraphQLRouter

    from koko_shared.auth.actor import Actor
    from koko_shared.auth.dependencies import actor_from_request
    from koko_shared.auth.identity_keys import generate_key_pair
    from koko_shared.service import ServiceSpec, configure_service_app
    from koko_shared.settings import ServiceSettings

    _, other_public_keys = generate_key_pair(tmp_path / "other")
    subgraph_settings = ServiceSettings(
        environment="production",
        identity_public_keys_file=other_public_keys,
        # production needs a configured database (never used here: no lifespan)
        database_url="postgresql://koko@127.0.0.1:1/unused",
    )
    subgraph = FastAPI()
    configure_service_app(subgraph, ServiceSpec("identity", tmp_path), subgraph_settings)

    async def context(request: Request, actor: Actor = Depends(actor_from_request)) -> Any:
        return {"request": request, "actor": actor}

    subgraph.include_router(
        GraphQLRouter(identity.schema, context_getter=context), prefix="/graphql"
    )
    server = ServerThread(subgraph)
    server.start()
    try:
        sdl = committed_supergraph("identity", {"identity": server.url})
        async for client in open_gateway(sdl, gateway_settings(environment="production")):
            # when
            result = await client.query("{ whoami { subject } }")
            # then
            error = result["errors"][0]
            assert error["extensions"]["code"] == "IDENTITY_INVALID"
            assert error["extensions"]["serviceName"] == "identity"
            assert "does not hold" in error["message"]
            logs = capsys.readouterr().out
            assert "a subgraph refused the gateway's identity" in logs
            assert "identity from the gateway refused" in logs
    finally:
        server.stop()
