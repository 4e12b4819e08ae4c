"""Tokens for any role in tests, signed by a throwaway development identity provider."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.dev_idp import DevIdentityProvider


class TestTokens:
    __test__ = False  # not a pytest class

    def __init__(self, folder: Path, *, issuer: str, audience: str) -> None:
        self.idp = DevIdentityProvider(folder, issuer=issuer, audience=audience)

    @property
    def jwks_file(self) -> Path:
        return self.idp.jwks_path

    def for_actor(self, actor: Actor) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.idp.token(actor)}"}

    def for_claims(self, claims: dict[str, Any]) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.idp.token_for_claims(claims)}"}

    def for_role(
        self,
        role: Role,
        region: str,
        *,
        organization: str | None = None,
        studies: tuple[str, ...] = (),
        subject: str | None = None,
    ) -> dict[str, str]:
        grant = Grant(role=role, region=region, organization=organization, studies=studies)
        return self.for_actor(Actor(subject=subject or f"test-{role.value}", grants=(grant,)))
