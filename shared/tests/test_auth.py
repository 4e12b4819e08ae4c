"""Regions, grants, tokens and the signed gateway identity."""

import json
from pathlib import Path

import pytest

from koko_shared.auth.actor import Actor, Grant, Role, ars_covers, ars_prefix
from koko_shared.auth.identity import sign_identity, verify_identity
from koko_shared.auth.tokens import TokenVerifier, hash_api_key, new_api_key
from koko_shared.errors import Unauthenticated
from koko_shared.testing.identity import TestTokens

MAGDEBURG = "150030000000"
BOERDE = "150830000000"


def test_ars_prefix_drops_empty_levels() -> None:
    assert ars_prefix(MAGDEBURG) == "15003"
    assert ars_prefix("150000000000") == "15"
    assert ars_prefix("150835504045") == "150835504045"


def test_district_grant_covers_its_municipalities_not_neighbours() -> None:
    assert ars_covers(BOERDE, "150835504045")
    assert not ars_covers(BOERDE, MAGDEBURG)
    assert ars_covers("150000000000", MAGDEBURG)


def test_provider_grant_names_its_organization_only_in_its_region() -> None:
    actor = Actor("p", (Grant(Role.PROVIDER, MAGDEBURG, organization="org-1"),))
    assert actor.organizations(MAGDEBURG) == {"org-1"}
    assert actor.organizations(BOERDE) == set()
    assert not actor.has_role(Role.COORDINATOR, MAGDEBURG)


def test_signed_identity_round_trips_and_rejects_tampering() -> None:
    actor = Actor("c", (Grant(Role.COORDINATOR, MAGDEBURG),))
    value = sign_identity(actor, "secret")
    assert verify_identity(value, "secret") == actor
    body, signature = value.split(".")
    with pytest.raises(Unauthenticated):
        verify_identity(value, "other-secret")
    with pytest.raises(Unauthenticated):
        verify_identity(body[:-2] + "xx." + signature, "secret")
    with pytest.raises(Unauthenticated):
        verify_identity(sign_identity(actor, "secret", now=0), "secret")


def test_jwt_and_api_key_verification(tmp_path: Path) -> None:
    tokens = TestTokens(tmp_path / "idp", issuer="iss", audience="koko")
    key = new_api_key()
    keys_file = tmp_path / "keys.json"
    partner = {"subject": "partner-1", "koko_grants": [{"role": "partner", "region": MAGDEBURG}]}
    keys_file.write_text(json.dumps({hash_api_key(key): partner}))
    verifier = TokenVerifier(
        issuer="iss", audience="koko", jwks_file=tokens.jwks_file, api_keys_file=keys_file
    )
    header = tokens.for_role(Role.ANALYST, MAGDEBURG)["Authorization"]
    actor = verifier.verify(header.removeprefix("Bearer "))
    assert actor.has_role(Role.ANALYST, MAGDEBURG)
    assert verifier.verify(key).has_role(Role.PARTNER, MAGDEBURG)
    with pytest.raises(Unauthenticated):
        verifier.verify(new_api_key())
    with pytest.raises(Unauthenticated):
        verifier.verify(header.removeprefix("Bearer ")[:-4] + "AAAA")
    wrong_audience = TokenVerifier(issuer="iss", audience="other", jwks_file=tokens.jwks_file)
    with pytest.raises(Unauthenticated):
        wrong_audience.verify(header.removeprefix("Bearer "))
