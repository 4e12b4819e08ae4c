"""Secrets and keys published in this repository are refused outside development, and the
lists in koko_shared.secrets keep up with the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from koko_shared.auth.identity_keys import key_id
from koko_shared.secrets import (
    REPOSITORY_KEY_IDS,
    InsecureConfiguration,
    refuse_repository_key,
    refuse_weak_secret,
)

ROOT = Path(__file__).resolve().parents[2]
# `FOO_SECRET: ${X:-default}` and `secret-name: value` in compose files and manifests.
_DEFAULTS = re.compile(r"(?:SECRET|_KEY|KEYS)[A-Z_]*:\s*\$\{[A-Z_]+:-([^}]+)\}")
_MANIFEST_VALUES = re.compile(r"^\s*[a-z-]*(?:secret|key)[a-z-]*:\s*(\S+)\s*$", re.MULTILINE)
_PEM = re.compile(rb"-----BEGIN PRIVATE KEY-----\s+[A-Za-z0-9+/=\s]+?-----END PRIVATE KEY-----")


def _tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_every_secret_written_in_compose_files_and_manifests_is_refused() -> None:
    found: list[str] = []
    for path in _tracked_files():
        if path.suffix not in (".yml", ".yaml", ".env") and not path.name.startswith(".env"):
            continue
        text = path.read_text(errors="replace")
        found += _DEFAULTS.findall(text)
        if "kind: Secret" in text:
            found += [v for v in _MANIFEST_VALUES.findall(text) if not v.startswith("{")]
    for value in found:
        with pytest.raises(InsecureConfiguration):
            refuse_weak_secret("a secret", value)


def test_every_private_key_in_the_repository_is_refused() -> None:
    for path in _tracked_files():
        for pem in _PEM.findall(path.read_bytes()):
            key = serialization.load_pem_private_key(pem, password=None)
            if isinstance(key, Ed25519PrivateKey):
                assert key_id(key.public_key()) in REPOSITORY_KEY_IDS, path


@pytest.mark.parametrize(
    "value",
    [
        "change-me-identity-secret",
        "koko-development-identity-secret-do-not-use",
        "x",
        "short-but-not-empty",
        "a" * 64,
        "abababababababababababababababababab",
    ],
)
def test_weak_and_published_secrets_are_refused(value: str) -> None:
    with pytest.raises(InsecureConfiguration):
        refuse_weak_secret("identity secret", value)


def test_a_random_secret_is_accepted() -> None:
    refuse_weak_secret("a secret", "Vq3nT0x9LrWc8yZp2KfA7mEh5JdS1uGb")


def test_a_published_key_id_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    key = Ed25519PrivateKey.generate()
    published = key_id(key.public_key())
    monkeypatch.setattr("koko_shared.secrets.REPOSITORY_KEY_IDS", frozenset({published}))
    with pytest.raises(InsecureConfiguration, match="published"):
        refuse_repository_key(published)
