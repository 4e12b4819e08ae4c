"""A Keycloak access token, made by the example realm's mappers, is accepted by the JWT code every
service shares, and its grants are what the realm's user attribute says."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from koko_shared.auth.actor import Grant, Role
from koko_shared.auth.tokens import TokenVerifier
from koko_shared.errors import Unauthenticated

ROOT = Path(__file__).resolve().parents[2]
REALM = json.loads((ROOT / "deploy" / "keycloak" / "realm-koko.json").read_text())
ISSUER = "https://idp.example.org/realms/koko"
KID = "kc-rsa-generated-1"


def mappers() -> dict[str, dict[str, Any]]:
    (client,) = [c for c in REALM["clients"] if c["clientId"] == "koko-web"]
    return {m["protocolMapper"]: m["config"] for m in client["protocolMappers"]}


def keycloak_token(private_key: rsa.RSAPrivateKey, user: dict[str, Any], **changes: Any) -> str:
    """What Keycloak 26 issues for the realm's user through client koko-web."""
    now = int(time.time())
    config = mappers()
    grants_claim = config["oidc-usermodel-attribute-mapper"]["claim.name"]
    values = user["attributes"][config["oidc-usermodel-attribute-mapper"]["user.attribute"]]
    claims: dict[str, Any] = {
        "exp": now + 300,
        "iat": now,
        "auth_time": now - 5,
        "jti": f"onrtac:{uuid.uuid4()}",
        "iss": ISSUER,
        "aud": [config["oidc-audience-mapper"]["included.custom.audience"], "account"],
        "sub": str(uuid.uuid4()),
        "typ": "Bearer",
        "azp": "koko-web",
        "sid": str(uuid.uuid4()),
        "acr": "1",
        "allowed-origins": ["https://koko.example.org"],
        "realm_access": {"roles": ["offline_access", "uma_authorization", "default-roles-koko"]},
        "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
        "scope": "openid profile email",
        "email_verified": True,
        "name": f"{user['firstName']} {user['lastName']}",
        "preferred_username": user["username"],
        "given_name": user["firstName"],
        "family_name": user["lastName"],
        "email": user["email"],
        # JSON claim type, multivalued: each attribute value parsed into an object of a list.
        grants_claim: [json.loads(value) for value in values],
    }
    claims.update(changes)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": KID, "typ": "JWT"})


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def verifier(private_key: rsa.RSAPrivateKey, tmp_path: Path) -> TokenVerifier:
    # The JWKS as Keycloak serves it at /protocol/openid-connect/certs (signing + encryption).
    signing = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key()))
    signing |= {"kid": KID, "use": "sig", "alg": "RS256"}
    other = json.loads(
        jwt.algorithms.RSAAlgorithm.to_jwk(
            rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
        )
    ) | {"kid": "kc-rsa-enc", "use": "enc", "alg": "RSA-OAEP"}
    jwks = tmp_path / "certs.json"
    jwks.write_text(json.dumps({"keys": [other, signing]}))
    return TokenVerifier(issuer=ISSUER, audience="koko", jwks_file=jwks)


def test_the_realm_maps_grants_and_audience_as_koko_reads_them() -> None:
    config = mappers()
    assert config["oidc-audience-mapper"]["included.custom.audience"] == "koko"
    grants = config["oidc-usermodel-attribute-mapper"]
    assert grants["claim.name"] == "koko_grants"
    assert grants["jsonType.label"] == "JSON"
    assert grants["multivalued"] == "true"
    assert grants["access.token.claim"] == "true"


async def test_a_keycloak_token_is_accepted_with_its_grants(
    private_key: rsa.RSAPrivateKey, verifier: TokenVerifier
) -> None:
    user = next(u for u in REALM["users"] if u["username"] == "analyst.sachsen-anhalt")
    actor = await verifier.verify(keycloak_token(private_key, user))
    assert actor.name == "Bildungs Monitoring"
    assert actor.grants == (
        Grant(Role.ANALYST, "150000000000"),
        Grant(Role.COORDINATOR, "150830000000"),
    )
    assert actor.has_role(Role.COORDINATOR, "150835000000")  # a place in Landkreis Börde
    assert not actor.has_role(Role.COORDINATOR, "150030000000")  # not Magdeburg


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": ["account"]},  # the audience mapper is missing
        {"iss": "https://idp.example.org/realms/other"},
        {"exp": int(time.time()) - 60},
    ],
)
async def test_tokens_for_another_audience_realm_or_time_are_refused(
    private_key: rsa.RSAPrivateKey, verifier: TokenVerifier, changes: dict[str, Any]
) -> None:
    user = REALM["users"][0]
    with pytest.raises(Unauthenticated):
        await verifier.verify(keycloak_token(private_key, user, **changes))
