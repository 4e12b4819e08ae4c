"""The gateway -> subgraph identity: Ed25519, key id, at most a minute, addressed to one subgraph;
keys generated for development, refused in production when missing or published."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IdentityInvalid, IdentitySigner, IdentityVerifier
from koko_shared.auth.identity_keys import (
    generate_key_pair,
    identity_signer,
    identity_verifier,
    key_id,
    public_jwk,
)
from koko_shared.secrets import InsecureConfiguration
from koko_shared.settings import ServiceSettings

MAGDEBURG = "150030000000"
COORDINATOR = Actor("kim", (Grant(Role.COORDINATOR, MAGDEBURG),), "Kim")


def _pair() -> tuple[IdentitySigner, Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    return IdentitySigner(key, key_id(key.public_key())), key


def _verifier(key: Ed25519PrivateKey, audience: str = "offers") -> IdentityVerifier:
    return IdentityVerifier({key_id(key.public_key()): key.public_key()}, audience)


def test_an_identity_verifies_at_its_subgraph() -> None:
    signer, key = _pair()
    assert _verifier(key).verify(signer.sign(COORDINATOR, "offers")) == COORDINATOR


def test_an_identity_for_one_subgraph_is_refused_by_another() -> None:
    signer, key = _pair()
    captured = signer.sign(COORDINATOR, "surveys")
    with pytest.raises(IdentityInvalid, match="issued for another service"):
        _verifier(key, "offers").verify(captured)


def test_an_identity_is_refused_after_a_minute() -> None:
    signer, key = _pair()
    captured = signer.sign(COORDINATOR, "offers", now=time.time() - 70)
    with pytest.raises(IdentityInvalid, match="expired"):
        _verifier(key).verify(captured)


def test_an_identity_signed_with_another_key_is_refused() -> None:
    signer, _ = _pair()
    _, other = _pair()
    with pytest.raises(IdentityInvalid, match="does not hold"):
        _verifier(other).verify(signer.sign(COORDINATOR, "offers"))


def test_a_forged_identity_with_the_right_key_id_is_refused() -> None:
    # given: an attacker's key presented under the gateway's key id
    _, gateway_key = _pair()
    attacker = Ed25519PrivateKey.generate()
    forged = IdentitySigner(attacker, key_id(gateway_key.public_key())).sign(COORDINATOR, "offers")
    # then
    with pytest.raises(IdentityInvalid, match="does not verify"):
        _verifier(gateway_key).verify(forged)


def test_a_long_lived_identity_is_refused_even_when_signed() -> None:
    _, key = _pair()
    now = int(time.time())
    claims = COORDINATOR.to_claims() | {
        "iss": "koko-gateway",
        "aud": "offers",
        "iat": now,
        "exp": now + 3600,
    }
    value = jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": key_id(key.public_key())})
    with pytest.raises(IdentityInvalid, match="longer than 60 s"):
        _verifier(key).verify(value)


def test_hmac_and_unsigned_identities_are_refused() -> None:
    _, key = _pair()
    claims = COORDINATOR.to_claims() | {"iss": "koko-gateway", "aud": "offers"}
    kid = {"kid": key_id(key.public_key())}
    for value in (
        jwt.encode(claims, "secret", algorithm="HS256", headers=kid),
        jwt.encode(claims, None, algorithm="none", headers=kid),
        "not-a-jws",
    ):
        with pytest.raises(IdentityInvalid):
            _verifier(key).verify(value)


def test_development_keys_are_generated_once_and_shared(tmp_path: Path) -> None:
    # given: gateway and subgraph sharing a data folder, no keys configured
    settings = ServiceSettings(environment="development", data_dir=tmp_path)
    # when
    signer = identity_signer(settings)
    verifier = identity_verifier(settings, audience="surveys")
    again = identity_signer(settings)
    # then
    assert verifier.verify(signer.sign(COORDINATOR, "surveys")) == COORDINATOR
    assert again.key_id == signer.key_id
    assert (tmp_path / "identity" / "identity-signing-key.pem").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_keys(tmp_path: Path) -> None:
    settings = ServiceSettings(environment="production", data_dir=tmp_path)
    with pytest.raises(InsecureConfiguration, match="no identity signing key"):
        identity_signer(settings)
    with pytest.raises(InsecureConfiguration, match="no identity public keys"):
        identity_verifier(settings, audience="offers")
    assert not (tmp_path / "identity").exists()


def test_production_refuses_a_key_that_is_not_ed25519_or_not_a_key(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    rsa_pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for pem in (rsa_pem.decode(), "change-me-identity-secret"):
        with pytest.raises(InsecureConfiguration):
            identity_signer(ServiceSettings(environment="production", identity_private_key=pem))


def test_production_starts_with_configured_keys_and_rotates_by_key_id(tmp_path: Path) -> None:
    # given: the new gateway key and the old one both published to the subgraph
    private_path, _ = generate_key_pair(tmp_path / "new")
    old = Ed25519PrivateKey.generate()
    new_key = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
    jwks = {"keys": [public_jwk(old.public_key()), public_jwk(new_key.public_key())]}  # type: ignore[arg-type]
    gateway = ServiceSettings(environment="production", identity_private_key_file=private_path)
    subgraph = ServiceSettings(environment="production", identity_public_keys=json.dumps(jwks))
    # when
    verifier = identity_verifier(subgraph, audience="offers")
    # then: identities from both keys verify during the rotation
    assert verifier.verify(identity_signer(gateway).sign(COORDINATOR, "offers")) == COORDINATOR
    old_signer = IdentitySigner(old, key_id(old.public_key()))
    assert verifier.verify(old_signer.sign(COORDINATOR, "offers")) == COORDINATOR


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.mark.parametrize(
    ("seed", "words"),
    [
        (bytes(32), "all zeros"),
        (b"\x07" * 32, "pattern of 1 byte repeated"),
        (b"Koko" * 8, "pattern of 4 bytes repeated"),
    ],
    ids=["all zeros", "one byte repeated", "short pattern repeated"],
)
def test_production_refuses_a_weak_signing_key_naming_the_setting(seed: bytes, words: str) -> None:
    # given: an Ed25519 key made from a seed anyone can guess
    pem = _pem(Ed25519PrivateKey.from_private_bytes(seed))
    # when / then: the gateway does not start in production
    with pytest.raises(InsecureConfiguration, match=rf"GATEWAY_IDENTITY_PRIVATE_KEY.*{words}"):
        identity_signer(ServiceSettings(environment="production", identity_private_key=pem))
    # and outside production it still does (development may use anything)
    identity_signer(ServiceSettings(environment="development", identity_private_key=pem))


def test_production_subgraphs_refuse_the_public_half_of_a_weak_signing_key() -> None:
    # given: the public JWKS of an all-zero seed beside a good key
    weak = Ed25519PrivateKey.from_private_bytes(bytes(32)).public_key()
    good = Ed25519PrivateKey.generate().public_key()
    jwks = json.dumps({"keys": [public_jwk(good), public_jwk(weak)]})
    # when / then
    with pytest.raises(InsecureConfiguration, match=r"IDENTITY_PUBLIC_KEYS.*one byte repeated"):
        identity_verifier(
            ServiceSettings(environment="production", identity_public_keys=jwks), "offers"
        )
    good_only = json.dumps({"keys": [public_jwk(good)]})
    identity_verifier(
        ServiceSettings(environment="production", identity_public_keys=good_only), "offers"
    )
