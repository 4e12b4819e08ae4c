"""The signed identity the gateway passes to subgraphs in the `Koko-Identity` header.

Subgraphs never trust an unsigned header: the value is `base64url(claims).base64url(hmac)` with
an expiry of a minute, signed with the secret the gateway and the subgraphs share.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import orjson

from koko_shared.auth.actor import Actor
from koko_shared.errors import Unauthenticated

IDENTITY_HEADER = "koko-identity"
IDENTITY_TTL_SECONDS = 60


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_identity(actor: Actor, secret: str, *, now: float | None = None) -> str:
    issued = time.time() if now is None else now
    claims = actor.to_claims() | {"exp": int(issued + IDENTITY_TTL_SECONDS)}
    body = _b64(orjson.dumps(claims))
    signature = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(signature)}"


def verify_identity(value: str, secret: str, *, now: float | None = None) -> Actor:
    try:
        body, signature = value.split(".", 1)
        expected = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            raise Unauthenticated("identity signature does not match")
        claims = orjson.loads(_unb64(body))
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise Unauthenticated("malformed identity header") from exc
    if claims.get("exp", 0) < (time.time() if now is None else now):
        raise Unauthenticated("identity expired")
    return Actor.from_claims(claims)
