"""Keys of the gateway -> subgraph identity: the gateway's Ed25519 private key, the subgraphs'
public key set (JWKS by key id), development keys generated in the data folder, and the refusal
to start outside development without real keys."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from koko_shared.auth.identity import IdentitySigner, IdentityVerifier
from koko_shared.secrets import InsecureConfiguration, refuse_repository_key, refuse_weak_key
from koko_shared.settings import Environment, ServiceSettings

PRIVATE_KEY_FILE = "identity-signing-key.pem"
PUBLIC_KEYS_FILE = "identity-public-keys.json"


def key_id(public_key: Ed25519PublicKey) -> str:
    """A key id derived from the key itself, so gateway and subgraphs cannot disagree on it."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519-" + hashlib.sha256(raw).hexdigest()[:16]


def public_jwk(public_key: Ed25519PublicKey) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(public_key))
    return jwk | {"kid": key_id(public_key), "use": "sig", "alg": "EdDSA"}


def load_private_key(pem: str | bytes) -> Ed25519PrivateKey:
    data = pem.encode() if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise InsecureConfiguration(f"the identity signing key is not a PEM key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InsecureConfiguration("the identity signing key must be an Ed25519 key")
    return key


def load_public_keys(jwks: str) -> dict[str, Ed25519PublicKey]:
    """`{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": ..., "kid": ...}, ...]}` by key id."""
    try:
        entries = json.loads(jwks)["keys"]
        keys: dict[str, Ed25519PublicKey] = {}
        for entry in entries:
            key = jwt.algorithms.OKPAlgorithm.from_jwk(entry)
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("only Ed25519 public keys are accepted")
            keys[str(entry.get("kid") or key_id(key))] = key
    except (ValueError, KeyError, TypeError, jwt.PyJWTError) as exc:
        raise InsecureConfiguration(
            f"the identity public keys are not a valid JWKS: {exc}"
        ) from None
    if not keys:
        raise InsecureConfiguration("the identity public key set is empty")
    return keys


def generate_key_pair(folder: Path) -> tuple[Path, Path]:
    """An Ed25519 key pair in `folder` (private PEM, public JWKS) unless one is there already.
    Safe when several services start at once: the private key appears atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    private_path = folder / PRIVATE_KEY_FILE
    public_path = folder / PUBLIC_KEYS_FILE
    if not private_path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        temporary = folder / f".{PRIVATE_KEY_FILE}.{os.getpid()}"
        temporary.write_bytes(pem)
        temporary.chmod(0o600)
        try:
            os.link(temporary, private_path)  # fails if another process was first
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    if not public_path.exists():
        private_key = load_private_key(private_path.read_bytes())
        jwks = json.dumps({"keys": [public_jwk(private_key.public_key())]}, indent=2)
        temporary = folder / f".{PUBLIC_KEYS_FILE}.{os.getpid()}"
        temporary.write_text(jwks)
        temporary.replace(public_path)
    return private_path, public_path


def _configured_or_development(
    settings: ServiceSettings, text: str, file: Path | None, *, private: bool, missing: str
) -> str:
    """The key material from the setting's text or file; in development and test the generated
    pair's (private key or public JWKS); in production a missing key stops the start."""
    if text:
        return text
    if file is not None:
        return file.read_text()
    if settings.environment == Environment.PRODUCTION:
        raise InsecureConfiguration(missing)
    private_path, public_path = generate_key_pair(settings.data_dir / "identity")
    return (private_path if private else public_path).read_text()


def identity_signer(settings: ServiceSettings) -> IdentitySigner:
    """The gateway's signer. Outside development a configured, non-repository key is required."""
    pem = _configured_or_development(
        settings,
        settings.identity_private_key,
        settings.identity_private_key_file,
        private=True,
        missing="no identity signing key: set GATEWAY_IDENTITY_PRIVATE_KEY_FILE (an Ed25519 PEM, "
        "e.g. from `openssl genpkey -algorithm ed25519`)",
    )
    key = load_private_key(pem)
    if settings.environment == Environment.PRODUCTION:
        refuse_repository_key(key_id(key.public_key()))
        seed = key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        refuse_weak_key(
            "the identity signing key (GATEWAY_IDENTITY_PRIVATE_KEY)", seed, minimum_bytes=32
        )
    return IdentitySigner(key, key_id(key.public_key()))


@functools.cache
def weak_seed_key_ids() -> frozenset[str]:
    """Key ids of the Ed25519 keys whose private seed is one byte repeated (all zeros
    included): anyone can compute their private halves, so a subgraph must not trust them."""
    return frozenset(
        key_id(Ed25519PrivateKey.from_private_bytes(bytes([byte]) * 32).public_key())
        for byte in range(256)
    )


def identity_verifier(settings: ServiceSettings, audience: str) -> IdentityVerifier:
    """A subgraph's verifier for identities addressed to `audience` (its own name)."""
    jwks = _configured_or_development(
        settings,
        settings.identity_public_keys,
        settings.identity_public_keys_file,
        private=False,
        missing="no identity public keys: set <SERVICE>_IDENTITY_PUBLIC_KEYS_FILE to the "
        "gateway's public JWKS",
    )
    keys = load_public_keys(jwks)
    if settings.environment == Environment.PRODUCTION:
        for kid in [key_id(k) for k in keys.values()]:
            refuse_repository_key(kid)
            if kid in weak_seed_key_ids():
                raise InsecureConfiguration(
                    f"the identity public keys (IDENTITY_PUBLIC_KEYS) hold {kid}, whose private "
                    "key is one byte repeated: anyone can sign with it"
                )
    return IdentityVerifier(keys, audience)


def main() -> None:
    """`python -m koko_shared.auth.identity_keys FOLDER`: write a new key pair for production
    (the private PEM for the gateway, the public JWKS for the subgraphs) and print their paths."""
    import sys

    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m koko_shared.auth.identity_keys FOLDER")
    folder = Path(sys.argv[1])
    if (folder / PRIVATE_KEY_FILE).exists():
        raise SystemExit(f"{folder / PRIVATE_KEY_FILE} exists already; choose a new folder")
    private_path, public_path = generate_key_pair(folder)
    print(f"gateway (secret):  GATEWAY_IDENTITY_PRIVATE_KEY_FILE={private_path}")
    print(f"subgraphs:         <SERVICE>_IDENTITY_PUBLIC_KEYS_FILE={public_path}")


if __name__ == "__main__":
    main()
