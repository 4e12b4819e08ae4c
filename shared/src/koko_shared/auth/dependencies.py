"""FastAPI dependency that resolves the actor of a request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from koko_shared.auth.actor import PUBLIC, Actor
from koko_shared.auth.identity import IDENTITY_HEADER
from koko_shared.errors import Unauthenticated
from koko_shared.http.gateway_guard import ACTOR_STATE


async def actor_from_request(request: Request) -> Actor:
    """A signed gateway identity wins; otherwise (only with the development setting
    `DEVELOPMENT_DIRECT_ACCESS`: without it the gateway guard refused the request already) the
    bearer token; otherwise the public actor.

    `app.state.token_verifier` and `app.state.identity_verifier` are set by the service's app
    factory (koko_shared.service.configure_service_app).
    """
    verified_by_guard: Actor | None = getattr(request.state, ACTOR_STATE, None)
    if verified_by_guard is not None:
        return verified_by_guard
    signed = request.headers.get(IDENTITY_HEADER)
    if signed:
        verified: Actor = request.app.state.identity_verifier.verify(signed)
        return verified
    authorization = request.headers.get("authorization", "")
    if not authorization:
        return PUBLIC
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("expected 'Authorization: Bearer <token>'")
    actor: Actor = await request.app.state.token_verifier.verify(token.strip())
    return actor


CurrentActor = Annotated[Actor, Depends(actor_from_request)]


def signed_in_actor(actor: CurrentActor) -> Actor:
    """The actor of a request that needs credentials: 401 (not 403) when none were sent, so a
    client knows to authenticate, and before anything else about the request is looked at."""
    if actor.is_public:
        raise Unauthenticated("this endpoint needs credentials: 'Authorization: Bearer <token>'")
    return actor


SignedInActor = Annotated[Actor, Depends(signed_in_actor)]
