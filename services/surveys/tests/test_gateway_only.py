"""The surveys subgraph answers the gateway only (issue 17): an integrator's or analyst's valid
token sent straight to it is refused before a byte of the body is read; the same caller as the
gateway's identity is answered; a forged identity is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IDENTITY_HEADER, IdentitySigner
from koko_shared.auth.identity_keys import identity_signer
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.testing.identity import TestTokens
from koko_surveys.settings import SurveysSettings

from .conftest import Setup
from .test_rest_boundary import WatchedBody

STUDIES = {"query": "{ studies(first: 5) { edges { node { id } } } }"}


@pytest.fixture
async def direct(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Straight at the subgraph, as anyone inside the cluster could call it."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://surveys.test") as client:
        yield client


async def test_an_integrators_token_straight_at_the_ingest_is_refused_unread(
    direct: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given: a valid integrator token for the study
    integrator = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    body = WatchedBody(b"[{")
    # when
    response = await direct.post(
        setup.batch_url, content=body, headers={**integrator, "content-type": "application/json"}
    )
    # then
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("UNAUTHENTICATED")
    assert not body.read


async def test_an_analysts_token_straight_at_graphql_is_refused_and_answered_as_identity(
    direct: httpx.AsyncClient, tokens: TestTokens, settings: SurveysSettings
) -> None:
    analyst = Actor("ana", (Grant(Role.ANALYST, MAGDEBURG),))
    # when
    with_token = await direct.post("/graphql", json=STUDIES, headers=tokens.for_actor(analyst))
    signed = identity_signer(settings).sign(analyst, "surveys")
    as_gateway = await direct.post("/graphql", json=STUDIES, headers={IDENTITY_HEADER: signed})
    # then
    assert with_token.status_code == 401
    assert with_token.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert as_gateway.status_code == 200
    assert "errors" not in as_gateway.json()


async def test_a_forged_identity_is_refused(
    direct: httpx.AsyncClient, settings: SurveysSettings
) -> None:
    # given: signed by another key under the gateway's key id
    kid = identity_signer(settings).key_id
    forged = IdentitySigner(Ed25519PrivateKey.generate(), kid).sign(
        Actor("x", (Grant(Role.ADMIN, "*"),)), "surveys"
    )
    # when
    response = await direct.post("/graphql", json=STUDIES, headers={IDENTITY_HEADER: forged})
    # then
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "IDENTITY_INVALID"
