"""Service tests call a subgraph as the gateway does: `AsGateway` is an httpx transport that
authenticates the caller's bearer token or API key with the service's own verifier (the gateway
uses the same `TokenVerifier`) and sends the request on with the gateway's signed identity for
that actor, signed with the development key pair in the service's data folder (the one `make run`
uses). A refused credential is answered as the gateway answers it (401 problem, the verifier's
reason), so nothing reaches the subgraph. A request that brings its own identity header (tests of
the guard) goes on untouched.

    gateway_client(app, "offers", "http://offers.test")

A real server is called the same way with `AsGateway(httpx.AsyncHTTPTransport(), verifier=...,
signer=..., service=...)` (the surveys benchmarks).
"""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from koko_shared.auth.actor import PUBLIC, Actor
from koko_shared.auth.identity import IDENTITY_HEADER, IdentitySigner
from koko_shared.auth.identity_keys import identity_signer
from koko_shared.auth.tokens import TokenVerifier
from koko_shared.errors import PROBLEM_JSON, ErrorCode, Unauthenticated, problem_bytes


class AsGateway(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        verifier: TokenVerifier,
        signer: IdentitySigner,
        service: str,
    ) -> None:
        self.inner = inner
        self.verifier = verifier
        self.signer = signer
        self.service = service

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if IDENTITY_HEADER in request.headers:
            return await self.inner.handle_async_request(request)
        try:
            actor = await self._authenticate(request.headers.get("authorization"))
        except Unauthenticated as exc:
            return _refusal(exc.message)
        request.headers[IDENTITY_HEADER] = self.signer.sign(actor, self.service)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()

    async def _authenticate(self, authorization: str | None) -> Actor:
        if not authorization:
            return PUBLIC
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("expected 'Authorization: Bearer <token>'")
        actor: Actor = await self.verifier.verify(token.strip())
        return actor


def _refusal(message: str) -> httpx.Response:
    code = ErrorCode.UNAUTHENTICATED
    body = problem_bytes(401, code, "Valid credentials are required.", message, graphql=True)
    return httpx.Response(
        401,
        content=body,
        headers={"content-type": PROBLEM_JSON, "www-authenticate": "Bearer"},
    )


def gateway_client(app: FastAPI, service: str, base_url: str) -> httpx.AsyncClient:
    """An async client for `app` whose requests arrive as the gateway sends them."""
    transport = AsGateway(
        httpx.ASGITransport(app=app),
        verifier=app.state.token_verifier,
        signer=identity_signer(app.state.settings),
        service=service,
    )
    return httpx.AsyncClient(transport=transport, base_url=base_url)
