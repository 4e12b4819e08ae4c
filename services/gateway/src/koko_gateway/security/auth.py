"""Who is calling: bearer JWT (JWKS) or `koko_` API key, and the signed identity for subgraphs."""

from __future__ import annotations

import hashlib

from koko_shared.auth.actor import PUBLIC, Actor
from koko_shared.auth.tokens import TokenVerifier
from koko_shared.errors import Unauthenticated


async def authenticate(authorization: str | None, verifier: TokenVerifier) -> Actor:
    if not authorization:
        return PUBLIC
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("expected 'Authorization: Bearer <token>'")
    return await verifier.verify(token.strip())


def client_key(actor: Actor, authorization: str | None, address: str) -> str:
    """The rate limit bucket: the actor for authenticated calls, the address for public ones."""
    if not actor.is_public:
        return "actor:" + actor.subject
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:16]
    return "ip:" + address
