"""The offers subgraph answers the gateway only (issue 17): GraphQL and REST need the gateway's
signed identity; a bearer token or API key sent straight to the subgraph is refused, however
powerful; a missing, forged, expired, replayed or foreign-key identity is a 401; health and
readiness stay reachable for the deployment. The development setting that lets tokens in
directly works outside production and stops a production service from starting."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IDENTITY_HEADER, IdentitySigner
from koko_shared.auth.identity_keys import identity_signer, key_id
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.settings import Environment
from koko_shared.testing.identity import TestTokens

OFFERS = {"query": "{ offers(first: 1) { edges { node { id } } } }"}
ADMIN = Actor("root", (Grant(Role.ADMIN, MAGDEBURG),))


def _app(
    settings: OffersSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    database_url: URL,
) -> FastAPI:
    app = create_app(settings)
    app.state.sessionmaker, app.state.engine = sessionmaker, engine
    app.state.database_url = database_url
    return app


@pytest.fixture
async def direct(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Straight at the subgraph, as anyone inside the cluster could call it."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://offers.test") as client:
        yield client


def _assert_refused(response: httpx.Response, code: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith(code)
    assert body["errors"][0]["extensions"]["code"] == code
    assert "data" not in body


@pytest.mark.parametrize("path", ["/graphql", "/hsds/services", "/openapi.json"])
async def test_an_admin_token_sent_straight_to_the_subgraph_is_refused(
    direct: httpx.AsyncClient, tokens: TestTokens, path: str
) -> None:
    # given: a valid admin token, which the gateway would accept
    headers = tokens.for_actor(ADMIN)
    # when
    if path == "/graphql":
        response = await direct.post(path, json=OFFERS, headers=headers)
    else:
        response = await direct.get(path, headers=headers)
    # then
    _assert_refused(response, "UNAUTHENTICATED")
    assert "gateway" in response.json()["detail"]


async def test_a_request_without_any_credentials_is_refused(direct: httpx.AsyncClient) -> None:
    # when
    graphql = await direct.post("/graphql", json=OFFERS)
    rest = await direct.get("/feeds/course-starts.ics")
    # then
    _assert_refused(graphql, "UNAUTHENTICATED")
    _assert_refused(rest, "UNAUTHENTICATED")


async def test_the_same_admin_with_the_gateways_identity_is_answered(
    direct: httpx.AsyncClient, settings: OffersSettings
) -> None:
    # given: the gateway's key pair (the development one in the shared data folder)
    signed = {IDENTITY_HEADER: identity_signer(settings).sign(ADMIN, "offers")}
    # when
    response = await direct.post("/graphql", json=OFFERS, headers=signed)
    # then
    assert response.status_code == 200
    assert "errors" not in response.json()


def _forged(settings: OffersSettings) -> str:
    """Signed by an attacker's key under the key id of the gateway's real key."""
    real = identity_signer(settings)
    return IdentitySigner(Ed25519PrivateKey.generate(), real.key_id).sign(ADMIN, "offers")


def _foreign_key(_: OffersSettings) -> str:
    """Signed by a key this subgraph does not hold, under that key's own id."""
    key = Ed25519PrivateKey.generate()
    return IdentitySigner(key, key_id(key.public_key())).sign(ADMIN, "offers")


def _expired(settings: OffersSettings) -> str:
    """A header captured more than a minute ago and replayed."""
    return identity_signer(settings).sign(ADMIN, "offers", now=time.time() - 120)


def _replayed_from_surveys(settings: OffersSettings) -> str:
    """A fresh header captured on its way to the surveys subgraph and replayed here."""
    return identity_signer(settings).sign(ADMIN, "surveys")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_forged, "does not verify"),
        (_foreign_key, "does not hold"),
        (_expired, "expired"),
        (_replayed_from_surveys, "issued for another service"),
        (lambda _: "not.a.jws", "malformed"),
    ],
    ids=["forged", "wrong key", "expired", "replayed to another subgraph", "malformed"],
)
async def test_an_identity_that_does_not_verify_is_refused_and_logged(
    direct: httpx.AsyncClient,
    settings: OffersSettings,
    tokens: TestTokens,
    capsys: pytest.CaptureFixture[str],
    make: object,
    reason: str,
) -> None:
    # given: an identity header, and an admin token beside it for good measure
    header = make(settings)  # type: ignore[operator]
    headers = {IDENTITY_HEADER: header, **tokens.for_actor(ADMIN)}
    # when
    graphql = await direct.post("/graphql", json=OFFERS, headers=headers)
    rest = await direct.get("/hsds/services", headers=headers)
    # then
    for response in (graphql, rest):
        _assert_refused(response, "IDENTITY_INVALID")
        assert reason in response.json()["detail"]
    assert "identity from the gateway refused" in capsys.readouterr().out


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
async def test_health_and_readiness_need_no_identity(direct: httpx.AsyncClient, path: str) -> None:
    # when
    response = await direct.get(path)
    # then
    assert response.status_code == 200


async def test_the_development_setting_lets_tokens_in_directly(
    settings: OffersSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    database_url: URL,
    tokens: TestTokens,
) -> None:
    # given
    allowed = settings.model_copy(update={"development_direct_access": True})
    app = _app(allowed, sessionmaker, engine, database_url)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://offers.test") as direct:
        # when
        with_token = await direct.post("/graphql", json=OFFERS, headers=tokens.for_actor(ADMIN))
        anonymous = await direct.get("/hsds/services")
    # then
    assert with_token.status_code == 200
    assert "errors" not in with_token.json()
    assert anonymous.status_code == 200


def test_the_development_setting_is_off_unless_set() -> None:
    assert OffersSettings().development_direct_access is False


def test_production_refuses_to_start_with_the_development_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    monkeypatch.setenv("OFFERS_ENVIRONMENT", Environment.PRODUCTION.value)
    monkeypatch.setenv("OFFERS_DEVELOPMENT_DIRECT_ACCESS", "true")
    # when / then
    with pytest.raises(ValidationError, match="OFFERS_DEVELOPMENT_DIRECT_ACCESS"):
        OffersSettings()


def test_graphql_over_a_websocket_is_refused_at_the_handshake(
    app: FastAPI, tokens: TestTokens
) -> None:
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

    # given: an admin token, and the graphql-transport-ws protocol strawberry speaks
    # when / then: the handshake is refused before any message
    with (
        TestClient(app) as client,
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect(
            "/graphql", subprotocols=["graphql-transport-ws"], headers=tokens.for_actor(ADMIN)
        ),
    ):
        pass
    assert refused.value.code == 1008
