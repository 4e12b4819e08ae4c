"""@authenticated / @requiresScopes / @policy at the gateway: unauthorized fields are never asked
of a subgraph, come out null with UNAUTHORIZED_FIELD_OR_TYPE, and plans are cached per set of
verdicts. Over the app, the caller's Koko roles are its scopes (a real JWT here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import gateway_settings, open_gateway, point_supergraph
from sdl_subgraph import SdlSubgraph
from servers import ServerThread

from koko_gateway.gateway import Gateway
from koko_gateway.planning.authorization import Caller
from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

FEATURE = Path(__file__).parent / "features" / "authorization"
QUERY = "{ users { name email salary notes } audit { entries } }"


@pytest.fixture(scope="module")
def sdl() -> Iterator[str]:
    data = json.loads((FEATURE / "data.json").read_text())
    subgraph = SdlSubgraph(
        (FEATURE / "subgraphs" / "accounts.graphql").read_text(), data["accounts"]
    )
    server = ServerThread(subgraph)
    server.start()
    yield point_supergraph((FEATURE / "supergraph.graphql").read_text(), {"accounts": server.url})
    server.stop()


def _unauthorized(body: dict, code: str = "UNAUTHORIZED_FIELD_OR_TYPE") -> list[list[object]]:
    return [e["path"] for e in body.get("errors", []) if e["extensions"]["code"] == code]


async def test_scopes_and_authentication_decide_per_field(sdl: str) -> None:
    gateway = Gateway(sdl, gateway_settings())
    try:
        coordinator = await gateway.execute(
            QUERY, caller=Caller(authenticated=True, scopes=frozenset({"coordinator"}))
        )
        admin = await gateway.execute(
            QUERY,
            caller=Caller(True, frozenset({"admin", "finance"}), policies=frozenset({"hr"})),
        )
        assert coordinator.body["data"] == {
            "users": [{"name": "Ada", "email": "ada@example.org", "salary": 100, "notes": None}],
            "audit": None,
        }
        assert _unauthorized(coordinator.body) == [["users", "@", "notes"], ["audit"]]
        assert admin.body == {
            "data": {
                "users": [{"name": "Ada", "email": "ada@example.org", "salary": 100, "notes": "n"}],
                "audit": {"entries": ["login"]},
            }
        }
        # "admin" alone is not the ["admin", "finance"] alternative
        partial = await gateway.execute(QUERY, caller=Caller(True, frozenset({"admin"})))
        assert _unauthorized(partial.body) == [["users", "@", "salary"], ["users", "@", "notes"]]
        assert len(gateway.plans) == 3  # one plan per set of verdicts, reused after
        await gateway.execute(QUERY, caller=Caller(True, frozenset({"admin"})))
        assert len(gateway.plans) == 3
    finally:
        await gateway.aclose()


async def test_the_callers_roles_are_its_scopes_over_http(sdl: str, tmp_path: Path) -> None:
    tokens = TestTokens(tmp_path / "idp", issuer="https://idp.test", audience="koko")
    settings = gateway_settings(
        identity_secret="secret",
        jwt_issuer="https://idp.test",
        jwt_audience="koko",
        jwks_file=tokens.jwks_file,
    )
    async for client in open_gateway(sdl, settings):
        public = (await client.http.post("/graphql", json={"query": QUERY})).json()
        signed_in = (
            await client.http.post(
                "/graphql",
                json={"query": QUERY},
                headers=tokens.for_role(Role.COORDINATOR, "150030000000"),
            )
        ).json()
    assert public["data"]["users"] == [
        {"name": "Ada", "email": None, "salary": None, "notes": None}
    ]
    # an anonymous caller is told to sign in, not that its roles fall short
    assert len(_unauthorized(public, "UNAUTHENTICATED")) == 4
    assert _unauthorized(public) == []
    assert signed_in["data"]["users"][0]["email"] == "ada@example.org"
    assert signed_in["data"]["users"][0]["salary"] == 100


async def test_a_left_out_field_is_explained_in_the_request_language(sdl: str) -> None:
    # given: one plan, cached after the first request, for three callers of other languages
    gateway = Gateway(sdl, gateway_settings())
    caller = Caller(authenticated=True, scopes=frozenset({"coordinator"}))
    try:
        # when
        answers = [
            await gateway.execute(QUERY, caller=caller, headers=headers)
            for headers in ({"accept-language": "de"}, {"accept-language": "ar"}, {})
        ]
    finally:
        await gateway.aclose()
    # then: the same paths and codes, the message in each caller's language
    assert [_unauthorized(a.body) for a in answers] == [[["users", "@", "notes"], ["audit"]]] * 3
    assert [a.body["errors"][0]["message"] for a in answers] == [
        "Nicht berechtigt für dieses Feld oder diesen Typ",
        "غير مصرّح بهذا الحقل أو النوع",
        "Unauthorized field or type",
    ]
