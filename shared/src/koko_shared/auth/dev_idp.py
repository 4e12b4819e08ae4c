"""A development identity provider: an RSA key in the data folder, its JWKS, and demo tokens.

Used by `make run` to print ready-made tokens and by tests to act as any role. Never used in
production, where the municipality's IdP publishes the JWKS.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from koko_shared.auth.actor import Actor

KEY_ID = "koko-dev-1"


class DevIdentityProvider:
    def __init__(self, folder: Path, *, issuer: str, audience: str) -> None:
        self.folder = folder
        self.issuer = issuer
        self.audience = audience
        self.key_path = folder / "signing-key.pem"
        self.jwks_path = folder / "jwks.json"
        self._ensure_key()

    def _ensure_key(self) -> None:
        if self.key_path.exists() and self.jwks_path.exists():
            self._private_pem = self.key_path.read_bytes()
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
        public_jwk |= {"kid": KEY_ID, "use": "sig", "alg": "RS256"}
        self.key_path.write_bytes(self._private_pem)
        self.key_path.chmod(0o600)
        self.jwks_path.write_text(json.dumps({"keys": [public_jwk]}))

    def secret(self) -> bytes:
        """The stored signing key, as key material for secrets derived from it."""
        return self._private_pem

    def token(self, actor: Actor, *, ttl_seconds: int = 30 * 24 * 3600) -> str:
        return self.token_for_claims(actor.to_claims(), ttl_seconds=ttl_seconds)

    def token_for_claims(self, claims: dict[str, Any], *, ttl_seconds: int = 30 * 24 * 3600) -> str:
        """A signed token carrying any claims (tests use it for malformed ones)."""
        now = int(time.time())
        claims = claims | {
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + ttl_seconds,
        }
        return jwt.encode(claims, self._private_pem, algorithm="RS256", headers={"kid": KEY_ID})
