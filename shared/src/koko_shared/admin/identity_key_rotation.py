"""The gateway -> subgraph identity key pair (Ed25519, koko_shared.auth.identity_keys): create
it, rotate it without refusing a request, and retire the old public key afterwards.

Rotation in three steps: `rotate` makes a new private key and a public key set holding the new
and the old key; deploy that set to the subgraphs first (they accept both), then the new private
key to the gateway; once every gateway signs with it, `prune` leaves only the new public key.
"""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from koko_shared.admin import key_files
from koko_shared.admin.api_keys import AdminError
from koko_shared.auth import identity_keys
from koko_shared.secrets import InsecureConfiguration


def _paths(folder: Path) -> tuple[Path, Path]:
    return folder / identity_keys.PRIVATE_KEY_FILE, folder / identity_keys.PUBLIC_KEYS_FILE


def generate(folder: Path) -> str:
    """A new key pair in `folder`; refuses to replace an existing one (that is `rotate`)."""
    private_path, _ = _paths(folder)
    if private_path.exists():
        raise AdminError(f"{private_path} exists; use `identity-key rotate` to replace it")
    identity_keys.generate_key_pair(folder)
    return current_key_id(folder)


def current_key_id(folder: Path) -> str:
    private_path, _ = _paths(folder)
    try:
        key = identity_keys.load_private_key(private_path.read_bytes())
    except InsecureConfiguration as exc:
        raise AdminError(str(exc)) from None
    return identity_keys.key_id(key.public_key())


def public_key_ids(folder: Path) -> list[str]:
    _, public_path = _paths(folder)
    try:
        return list(identity_keys.load_public_keys(public_path.read_text()))
    except InsecureConfiguration as exc:
        raise AdminError(str(exc)) from None


def rotate(folder: Path) -> tuple[str, str]:
    """Replace the private key; the public set keeps the old key beside the new one. The old
    private key is kept as `identity-signing-key.<key id>.retired.pem` until you delete it."""
    private_path, public_path = _paths(folder)
    if not private_path.exists():
        raise AdminError(f"no key pair in {folder}; use `identity-key generate`")
    old_id = current_key_id(folder)
    old_public = json.loads(public_path.read_text())["keys"]
    new_key = Ed25519PrivateKey.generate()
    new_jwk = identity_keys.public_jwk(new_key.public_key())
    private_path.replace(folder / f"identity-signing-key.{old_id}.retired.pem")
    key_files.write_private(
        private_path,
        new_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    )
    key_files.write_private(public_path, json.dumps({"keys": [new_jwk, *old_public]}, indent=2))
    return old_id, str(new_jwk["kid"])


def prune(folder: Path) -> list[str]:
    """Keep only the current private key's public key in the set; return the ids removed."""
    _, public_path = _paths(folder)
    current = current_key_id(folder)
    keys = json.loads(public_path.read_text())["keys"]
    kept = [k for k in keys if k.get("kid") == current]
    if not kept:
        raise AdminError("the public key set does not hold the current key; run `rotate` again")
    key_files.write_private(public_path, json.dumps({"keys": kept}, indent=2))
    return [str(k.get("kid")) for k in keys if k.get("kid") != current]
