"""`identity`: answers `whoami` from the signed identity header, verified exactly as Koko's
services verify it (Ed25519, audience "identity"). The gateway in these tests signs with
SIGNING_KEY (see conftest.gateway_settings)."""

from __future__ import annotations

import strawberry
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from strawberry.federation import Schema

from koko_shared.auth.identity import IDENTITY_HEADER, IdentityVerifier
from koko_shared.auth.identity_keys import key_id

FEDERATION_VERSION = "2.9"
SIGNING_KEY = Ed25519PrivateKey.generate()
SIGNING_KEY_PEM = SIGNING_KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
# What this subgraph holds: only the gateway's public key, by key id.
VERIFIER = IdentityVerifier(
    {key_id(SIGNING_KEY.public_key()): SIGNING_KEY.public_key()}, audience="identity"
)


@strawberry.type
class Whoami:
    subject: str
    roles: list[str]


@strawberry.type
class Query:
    @strawberry.field
    def whoami(self, info: strawberry.Info) -> Whoami:
        actor = VERIFIER.verify(info.context["request"].headers[IDENTITY_HEADER])
        return Whoami(subject=actor.subject, roles=[g.role.value for g in actor.grants])


schema = Schema(query=Query, federation_version=FEDERATION_VERSION)
