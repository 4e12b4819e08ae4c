"""Regions, grants, tokens and the signed gateway identity."""

import json
from pathlib import Path
from typing import Any

import pytest

from koko_shared.auth.actor import Actor, Grant, InvalidGrants, Role, ars_covers, ars_prefix
from koko_shared.auth.tokens import TokenVerifier, hash_api_key, new_api_key
from koko_shared.errors import Unauthenticated
from koko_shared.testing.identity import TestTokens
from koko_shared.testing.malformed_claims import MALFORMED_CLAIMS

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


async def test_jwt_and_api_key_verification(tmp_path: Path) -> None:
    tokens = TestTokens(tmp_path / "idp", issuer="iss", audience="koko")
    key = new_api_key()
    keys_file = tmp_path / "keys.json"
    partner = {"subject": "partner-1", "koko_grants": [{"role": "partner", "region": MAGDEBURG}]}
    keys_file.write_text(json.dumps({hash_api_key(key): partner}))
    verifier = TokenVerifier(
        issuer="iss", audience="koko", jwks_file=tokens.jwks_file, api_keys_file=keys_file
    )
    header = tokens.for_role(Role.ANALYST, MAGDEBURG)["Authorization"]
    actor = await verifier.verify(header.removeprefix("Bearer "))
    assert actor.has_role(Role.ANALYST, MAGDEBURG)
    assert (await verifier.verify(key)).has_role(Role.PARTNER, MAGDEBURG)
    with pytest.raises(Unauthenticated):
        await verifier.verify(new_api_key())
    with pytest.raises(Unauthenticated):
        await verifier.verify(header.removeprefix("Bearer ")[:-4] + "AAAA")
    wrong_audience = TokenVerifier(issuer="iss", audience="other", jwks_file=tokens.jwks_file)
    with pytest.raises(Unauthenticated):
        await wrong_audience.verify(header.removeprefix("Bearer "))


@pytest.mark.parametrize(
    ("label", "claims", "words"), MALFORMED_CLAIMS, ids=[c[0] for c in MALFORMED_CLAIMS]
)
def test_malformed_claims_are_refused_as_unauthenticated(
    label: str, claims: dict[str, Any], words: str
) -> None:
    with pytest.raises(InvalidGrants, match=words) as refused:
        Actor.from_claims(claims)
    assert isinstance(refused.value, Unauthenticated) and refused.value.status == 401


def test_admin_may_cover_all_regions() -> None:
    actor = Actor.from_claims({"sub": "a", "koko_grants": [{"role": "admin", "region": "*"}]})
    assert actor.has_role(Role.COORDINATOR, MAGDEBURG)


async def test_a_malformed_api_key_entry_is_refused(tmp_path: Path) -> None:
    key = new_api_key()
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(json.dumps({hash_api_key(key): {"koko_grants": "partner"}}))
    verifier = TokenVerifier(issuer="iss", audience="koko", api_keys_file=keys_file)
    with pytest.raises(Unauthenticated):
        await verifier.verify(key)
