"""Who is calling: bearer JWT (JWKS) or `koko_` API key, and the signed identity for subgraphs."""

from __future__ import annotations

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
