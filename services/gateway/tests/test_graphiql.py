"""GraphiQL is served by the gateway itself (no CDN), and the API schema can be downloaded as
SDL: by anyone in development, by authenticated clients only in production (issue 10)."""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

import pytest
from conftest import GatewayClient, gateway_settings, open_gateway
from graphql import build_schema
from servers import ServerThread

from koko_gateway.app import create_app
from koko_gateway.gateway import Gateway
from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

_REFERENCES = re.compile(r"""(?:src|href)="([^"]+)\"""")


async def test_the_page_references_only_assets_the_gateway_serves(gateway: GatewayClient) -> None:
    # when
    page = await gateway.http.get("/graphql", headers={"accept": "text/html"})
    # then: every script and stylesheet is a relative URL under /graphql/assets
    assert page.status_code == 200
    references = _REFERENCES.findall(page.text)
    assert len(references) == 6
    for reference in references:
        assert "//" not in reference and reference.startswith("graphql/assets/"), reference
        served = await gateway.http.get("/" + reference)
        assert served.status_code == 200, reference
        assert served.headers["content-type"].startswith(
            ("text/javascript", "text/css", "image/svg+xml")
        )
        assert len(served.content) > 100
    # and the browser is told to load nothing from elsewhere
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self';" in policy
    assert "http" not in policy


async def test_the_editor_opens_on_the_configured_example(supergraph_sdl: str) -> None:
    # given an example with characters that must not break out of the attribute
    example = '{ products { name } } # "quoted" <b>'
    async for client in open_gateway(
        supergraph_sdl, gateway_settings(graphiql_default_query=example)
    ):
        # when
        page = await client.http.get("/graphql", headers={"accept": "text/html"})
    # then the page carries it, escaped, where init.js reads it
    assert 'data-default-query="{ products { name } } # &quot;quoted&quot; &lt;b&gt;"' in page.text
    assert "<b>" not in page.text


async def test_the_licences_are_served_and_nothing_else(gateway: GatewayClient) -> None:
    for name in ("LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom"):
        licence = await gateway.http.get(f"/graphql/assets/{name}")
        assert licence.status_code == 200 and "MIT" in licence.text
    for name in ("README.md", "..%2Fapp.py", "graphiql.min.js.map"):
        assert (await gateway.http.get(f"/graphql/assets/{name}")).status_code == 404


async def test_the_schema_downloads_as_sdl_in_development(gateway: GatewayClient) -> None:
    response = await gateway.http.get("/graphql/schema.graphql")
    assert response.status_code == 200
    schema = build_schema(response.text)
    assert {"Query", "Product"} <= set(schema.type_map)
    assert "join__" not in response.text and "@link" not in response.text


async def test_in_production_only_authenticated_clients_get_the_schema(
    supergraph_sdl: str, tmp_path: Path
) -> None:
    # given: production (introspection off) with an identity provider
    tokens = TestTokens(tmp_path / "idp", issuer="https://idp.test", audience="koko")
    settings = gateway_settings(
        environment="production",
        jwt_issuer="https://idp.test",
        jwt_audience="koko",
        jwks_file=tokens.jwks_file,
    )
    async for client in open_gateway(supergraph_sdl, settings):
        # when
        public = await client.http.get("/graphql/schema.graphql")
        bad = await client.http.get(
            "/graphql/schema.graphql", headers={"Authorization": "Bearer nope"}
        )
        partner = await client.http.get(
            "/graphql/schema.graphql", headers=tokens.for_role(Role.PARTNER, "150030000000")
        )
        introspection = await client.http.post(
            "/graphql", json={"query": "{ __schema { types { name } } }"}
        )
        page = await client.http.get("/graphql")
        # then
        assert public.status_code == 401 and bad.status_code == 401
        assert public.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert partner.status_code == 200 and "type Query" in partner.text
        assert introspection.status_code == 400
        assert page.status_code == 400  # no GraphiQL in production


@pytest.mark.requires_tool("chromium")
async def test_graphiql_runs_in_headless_chromium(supergraph_sdl: str) -> None:
    # given: the gateway on real HTTP (the test server runs no lifespan: load it here)
    app = create_app(gateway_settings(), supergraph_sdl=supergraph_sdl)
    app.state.gateway = Gateway(supergraph_sdl, gateway_settings())
    server = ServerThread(app)
    server.start()
    try:
        # when: Chromium loads the page and runs its scripts (no network beyond loopback)
        page_url = server.url  # http://127.0.0.1:<port>/graphql
        result = await asyncio.to_thread(
            subprocess.run,
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--virtual-time-budget=15000",
                "--dump-dom",
                page_url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.stop()
    # then: GraphiQL rendered its editor, introspected the schema through the gateway and
    # shows it in the documentation explorer
    dom = result.stdout
    assert "graphiql-container" in dom, result.stderr[-2000:]
    assert "Loading GraphiQL..." not in dom
    assert "Root Types" in dom and ">Product<" in dom
