"""The signed identity the gateway passes to a subgraph in the `Koko-Identity` header.

A compact JWS signed with Ed25519 (`alg: EdDSA`): key id, issued-at, expiry at most a minute
later, and the target subgraph as audience, so a header captured for one subgraph cannot be
replayed to another or later. Only the gateway holds the private key; subgraphs hold a set of
public keys by key id (several during a rotation) and cannot mint identities.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from koko_shared.auth.actor import Actor, InvalidGrants
from koko_shared.errors import ErrorCode, Unauthenticated

IDENTITY_HEADER = "koko-identity"
IDENTITY_ISSUER = "koko-gateway"
IDENTITY_TTL_SECONDS = 60
ALGORITHM = "EdDSA"
# Clocks of gateway and subgraph may differ a little.
CLOCK_SKEW_SECONDS = 5


class IdentityInvalid(Unauthenticated):
    """The identity header from the gateway does not verify: a misconfiguration (keys differ)
    or a forgery. Answered 401 with code IDENTITY_INVALID and logged by the subgraph."""

    code = ErrorCode.IDENTITY_INVALID
    status = 401


class IdentitySigner:
    """The gateway's side: signs an actor for one subgraph (the audience)."""

    def __init__(self, private_key: Ed25519PrivateKey, key_id: str) -> None:
        self.private_key = private_key
        self.key_id = key_id

    def sign(self, actor: Actor, audience: str, *, now: float | None = None) -> str:
        issued = int(time.time() if now is None else now)
        claims = actor.to_claims() | {
            "iss": IDENTITY_ISSUER,
            "aud": audience,
            "iat": issued,
            "exp": issued + IDENTITY_TTL_SECONDS,
        }
        return jwt.encode(
            claims, self.private_key, algorithm=ALGORITHM, headers={"kid": self.key_id}
        )


class IdentityVerifier:
    """A subgraph's side: verifies the header against the public keys it holds."""

    def __init__(self, public_keys: Mapping[str, Ed25519PublicKey], audience: str) -> None:
        self.public_keys = dict(public_keys)
        self.audience = audience

    def verify(self, value: str) -> Actor:
        try:
            key_id = jwt.get_unverified_header(value).get("kid")
        except jwt.PyJWTError as exc:
            raise IdentityInvalid("malformed identity header") from exc
        key = self.public_keys.get(str(key_id))
        if key is None:
            raise IdentityInvalid(
                f"identity signed with key id {key_id!r}, which this service does not hold "
                f"(it holds {sorted(self.public_keys)})"
            )
        try:
            claims: dict[str, Any] = jwt.decode(
                value,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=IDENTITY_ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise IdentityInvalid("identity expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise IdentityInvalid(
                f"identity was issued for another service, not {self.audience!r}"
            ) from exc
        except jwt.PyJWTError as exc:
            raise IdentityInvalid(f"identity does not verify: {exc}") from exc
        if int(claims["exp"]) - int(claims["iat"]) > IDENTITY_TTL_SECONDS:
            raise IdentityInvalid(f"identity lives longer than {IDENTITY_TTL_SECONDS} s")
        try:
            return Actor.from_claims(claims)
        except InvalidGrants as exc:
            raise IdentityInvalid(f"identity carries invalid grants: {exc.message}") from exc
