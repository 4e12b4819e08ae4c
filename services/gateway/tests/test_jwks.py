"""Keys from the identity provider's JWKS URL (issue 17): fetched without blocking the event loop,
at most one fetch per interval however many unknown key ids arrive. Against a real local JWKS
server that answers slowly."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import jwt
import pytest
from conftest import GatewayClient, gateway_settings, open_gateway
from cryptography.hazmat.primitives.asymmetric import rsa
from servers import ServerThread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.dev_idp import DevIdentityProvider

ISSUER, AUDIENCE = "https://idp.test", "koko"
DELAY_SECONDS = 1.5
REFRESH_SECONDS = 3.0
COORDINATOR = Actor("coordinator-1", (Grant(Role.COORDINATOR, "150030000000"),))


class SlowJwks:
    """A JWKS endpoint that takes DELAY_SECONDS to answer and counts its requests."""

    def __init__(self, jwks_file: Path) -> None:
        self.jwks_file = jwks_file
        self.requests = 0
        self.app = Starlette(routes=[Route("/jwks.json", self.serve)])

    async def serve(self, request: Request) -> JSONResponse:
        self.requests += 1
        await asyncio.sleep(DELAY_SECONDS)
        return JSONResponse(json.loads(self.jwks_file.read_text()))


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> DevIdentityProvider:
    return DevIdentityProvider(tmp_path_factory.mktemp("idp"), issuer=ISSUER, audience=AUDIENCE)


@pytest.fixture
def jwks_server(idp: DevIdentityProvider) -> Iterator[tuple[SlowJwks, str]]:
    jwks = SlowJwks(idp.jwks_path)
    server = ServerThread(jwks.app)
    server.start()
    yield jwks, f"http://127.0.0.1:{server.port}/jwks.json"
    server.stop()


@pytest.fixture
async def gateway_with_jwks(
    supergraph_sdl: str, jwks_server: tuple[SlowJwks, str]
) -> AsyncIterator[GatewayClient]:
    settings = gateway_settings(
        jwks_url=jwks_server[1],
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwks_min_refresh_seconds=REFRESH_SECONDS,
    )
    async for client in open_gateway(supergraph_sdl, settings):
        yield client


UNPUBLISHED_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _unknown_key_tokens(count: int) -> list[str]:
    """Well-formed tokens signed by a key the provider does not publish, each under a new key
    id (made before they are sent: signing is slow on a busy machine)."""
    now = int(time.time())
    claims = COORDINATOR.to_claims() | {"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 60}
    return [
        jwt.encode(
            claims, UNPUBLISHED_KEY, algorithm="RS256", headers={"kid": f"rotated-{uuid.uuid4()}"}
        )
        for _ in range(count)
    ]


async def _timed(client: GatewayClient, token: str) -> tuple[int, float]:
    started = time.perf_counter()
    response = await client.http.post(
        "/graphql", json={"query": "{ color }"}, headers={"Authorization": f"Bearer {token}"}
    )
    return response.status_code, time.perf_counter() - started


async def test_an_unknown_key_id_does_not_hold_up_requests_with_known_keys(
    gateway_with_jwks: GatewayClient,
    idp: DevIdentityProvider,
    jwks_server: tuple[SlowJwks, str],
) -> None:
    jwks, _ = jwks_server
    valid = idp.token(COORDINATOR)
    # given: the keys fetched once (the first request waits for them), and the interval passed
    assert (await _timed(gateway_with_jwks, valid))[0] == 200
    await asyncio.sleep(REFRESH_SECONDS + 0.1)
    # when: a token with an unknown key id starts a slow fetch, and valid tokens keep coming
    unknown = asyncio.create_task(_timed(gateway_with_jwks, _unknown_key_tokens(1)[0]))
    await asyncio.sleep(0.2)
    during = [await _timed(gateway_with_jwks, valid) for _ in range(10)]
    status, waited = await unknown
    # then: the valid ones answered at once while the unknown key id waited for the fetch
    assert all(code == 200 for code, _ in during)
    assert max(seconds for _, seconds in during) < DELAY_SECONDS / 3
    assert status == 401 and waited >= DELAY_SECONDS - 0.2
    assert jwks.requests == 2


async def test_many_unknown_key_ids_cause_at_most_one_fetch_per_interval(
    gateway_with_jwks: GatewayClient,
    idp: DevIdentityProvider,
    jwks_server: tuple[SlowJwks, str],
) -> None:
    jwks, _ = jwks_server
    first, second = _unknown_key_tokens(50), _unknown_key_tokens(50)
    assert (await _timed(gateway_with_jwks, idp.token(COORDINATOR)))[0] == 200
    assert jwks.requests == 1
    # when: 50 tokens with distinct unknown key ids at once, right after the fetch
    results = await asyncio.gather(*(_timed(gateway_with_jwks, token) for token in first))
    # then: all refused without a fetch (the interval has not passed)
    assert {code for code, _ in results} == {401}
    assert jwks.requests == 1
    # when: the interval passes and 50 more arrive together
    await asyncio.sleep(REFRESH_SECONDS + 0.1)
    results = await asyncio.gather(*(_timed(gateway_with_jwks, token) for token in second))
    # then: they shared one fetch
    assert {code for code, _ in results} == {401}
    assert jwks.requests == 2
