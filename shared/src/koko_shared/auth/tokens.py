"""Bearer token verification: OIDC JWTs against a JWKS, and opaque API keys stored as hashes."""

from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path
from typing import Any

import jwt

from koko_shared.auth.actor import Actor
from koko_shared.auth.jwks import JwksCache
from koko_shared.errors import Unauthenticated

API_KEY_PREFIX = "koko_"


def hash_api_key(key: str) -> str:
    """API keys carry 256 bits of randomness, so a plain SHA-256 is a safe one-way store."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


class TokenVerifier:
    """Turns `Authorization: Bearer ...` into an Actor. Keys come from a JWKS URL (fetched
    asynchronously, `koko_shared.auth.jwks`) or file."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str = "",
        jwks_file: Path | None = None,
        api_keys_file: Path | None = None,
        jwks_min_refresh_seconds: float = 30.0,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks_url = jwks_url
        self.jwks_file = jwks_file
        self.api_keys_file = api_keys_file
        self.jwks = (
            JwksCache(jwks_url, min_refresh_seconds=jwks_min_refresh_seconds) if jwks_url else None
        )

    def _jwk_set(self) -> jwt.PyJWKSet | None:
        if self.jwks_file and self.jwks_file.exists():
            return jwt.PyJWKSet.from_json(self.jwks_file.read_text())
        return None

    def _api_keys(self) -> dict[str, dict[str, Any]]:
        if self.api_keys_file and self.api_keys_file.exists():
            data: dict[str, dict[str, Any]] = json.loads(self.api_keys_file.read_text())
            return data
        return {}

    async def verify(self, token: str) -> Actor:
        if token.startswith(API_KEY_PREFIX):
            entry = self._api_keys().get(hash_api_key(token))
            if entry is None:
                raise Unauthenticated("unknown API key")
            if not isinstance(entry, dict):
                raise Unauthenticated("the API key's entry is not an object")
            return Actor.from_claims({**entry, "sub": entry.get("subject")})
        return Actor.from_claims(self._decode_jwt(token, await self._signing_key(token)))

    async def _signing_key(self, token: str) -> Any:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("malformed token") from exc
        if self.jwks is not None:
            key_id = header.get("kid")
            key = await self.jwks.key(key_id) if isinstance(key_id, str) and key_id else None
            if key is None:
                raise Unauthenticated("no matching signing key")
            return key
        jwk_set = self._jwk_set()
        if jwk_set is None:
            raise Unauthenticated("no identity provider configured")
        for key in jwk_set.keys:
            if key.key_id == header.get("kid"):
                return key.key
        raise Unauthenticated("no matching signing key")

    def _decode_jwt(self, token: str, key: Any) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=["RS256", "ES256"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp"]},  # `sub` is checked by Actor.from_claims
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("token expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated("invalid token") from exc
        return claims
