"""Keys from the identity provider's JWKS URL (issue 17): fetched without blocking the event loop,
at most one fetch per interval however many unknown key ids arrive. Against a real local JWKS
server that the test holds at a barrier while it checks what happens during a fetch, and with the
cache's clock moved by the test instead of waited for."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from conftest import APOLLO_ACCEPT, GatewayClient, gateway_settings
from cryptography.hazmat.primitives.asymmetric import rsa
from servers import ServerThread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from koko_gateway.app import create_app
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.dev_idp import DevIdentityProvider
from koko_shared.auth.jwks import JwksCache
from koko_shared.testing.clock import ManualClock

ISSUER, AUDIENCE = "https://idp.test", "koko"
REFRESH_SECONDS = 3.0
COORDINATOR = Actor("coordinator-1", (Grant(Role.COORDINATOR, "150030000000"),))


class HeldJwks:
    """A JWKS endpoint that counts its requests and answers only once the test lets it
    (`release`); `started` is set when a request arrives."""

    def __init__(self, jwks_file: Path) -> None:
        self.jwks_file = jwks_file
        self.requests = 0
        self.started = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.app = Starlette(routes=[Route("/jwks.json", self.serve)])

    async def serve(self, request: Request) -> JSONResponse:
        self.requests += 1
        self.started.set()
        await asyncio.to_thread(self.release.wait, 30)
        return JSONResponse(json.loads(self.jwks_file.read_text()))


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> DevIdentityProvider:
    return DevIdentityProvider(tmp_path_factory.mktemp("idp"), issuer=ISSUER, audience=AUDIENCE)


@pytest.fixture
def jwks_server(idp: DevIdentityProvider) -> Iterator[tuple[HeldJwks, str]]:
    jwks = HeldJwks(idp.jwks_path)
    server = ServerThread(jwks.app)
    server.start()
    yield jwks, f"http://127.0.0.1:{server.port}/jwks.json"
    server.stop()


@pytest.fixture
async def gateway_with_jwks(
    supergraph_sdl: str, jwks_server: tuple[HeldJwks, str]
) -> AsyncIterator[tuple[GatewayClient, ManualClock]]:
    """The gateway, and the clock its JWKS cache reads."""
    settings = gateway_settings(
        jwks_url=jwks_server[1],
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwks_min_refresh_seconds=REFRESH_SECONDS,
        # 50 requests at once wait for one fetch here, with the gateway's default admission
        # control: a cold adaptive limit admits such a burst (it shed some of them when it
        # started at 20).
    )
    app = create_app(settings, supergraph_sdl=supergraph_sdl)
    cache = app.state.token_verifier.jwks
    assert isinstance(cache, JwksCache)
    clock = ManualClock()
    cache.clock = clock
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://gateway",
            headers={"accept": APOLLO_ACCEPT},
        ) as client,
    ):
        yield GatewayClient(client), clock


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


async def _status(client: GatewayClient, token: str) -> int:
    response = await client.http.post(
        "/graphql", json={"query": "{ color }"}, headers={"Authorization": f"Bearer {token}"}
    )
    return response.status_code


async def test_an_unknown_key_id_does_not_hold_up_requests_with_known_keys(
    gateway_with_jwks: tuple[GatewayClient, ManualClock],
    idp: DevIdentityProvider,
    jwks_server: tuple[HeldJwks, str],
) -> None:
    gateway, clock = gateway_with_jwks
    jwks, _ = jwks_server
    valid = idp.token(COORDINATOR)
    # given: the keys fetched once (the first request waits for them), and the interval passed
    assert await _status(gateway, valid) == 200
    clock.advance(REFRESH_SECONDS + 0.1)
    # when: a token with an unknown key id starts a fetch the provider holds, and valid tokens
    # keep coming while it is held
    jwks.release.clear()
    jwks.started.clear()
    unknown = asyncio.create_task(_status(gateway, _unknown_key_tokens(1)[0]))
    assert await asyncio.to_thread(jwks.started.wait, 30)
    during = [await _status(gateway, valid) for _ in range(10)]
    held = not unknown.done()
    jwks.release.set()
    # then: the valid ones were answered while the fetch was still held; the unknown key id
    # waited for it and was refused once it ended
    assert during == [200] * 10 and held
    assert await unknown == 401
    assert jwks.requests == 2


async def test_many_unknown_key_ids_cause_at_most_one_fetch_per_interval(
    gateway_with_jwks: tuple[GatewayClient, ManualClock],
    idp: DevIdentityProvider,
    jwks_server: tuple[HeldJwks, str],
) -> None:
    gateway, clock = gateway_with_jwks
    jwks, _ = jwks_server
    first, second = _unknown_key_tokens(50), _unknown_key_tokens(50)
    assert await _status(gateway, idp.token(COORDINATOR)) == 200
    assert jwks.requests == 1
    # when: 50 tokens with distinct unknown key ids at once, right after the fetch
    results = await asyncio.gather(*(_status(gateway, token) for token in first))
    # then: all refused without a fetch (the interval has not passed)
    assert set(results) == {401}
    assert jwks.requests == 1
    # when: the interval passes and 50 more arrive together
    clock.advance(REFRESH_SECONDS + 0.1)
    results = await asyncio.gather(*(_status(gateway, token) for token in second))
    # then: they shared one fetch
    assert set(results) == {401}
    assert jwks.requests == 2
