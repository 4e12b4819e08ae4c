"""Secrets and keys published in this repository are refused outside development, and the
lists in koko_shared.secrets keep up with the repository."""

from __future__ import annotations

import base64
import re
import secrets
import subprocess
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from koko_shared.auth.identity_keys import key_id
from koko_shared.secrets import (
    REPOSITORY_KEY_IDS,
    InsecureConfiguration,
    refuse_repository_key,
    refuse_weak_fernet_key,
    refuse_weak_key,
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


@pytest.mark.parametrize(
    ("key", "words"),
    [
        (bytes(32), "all zeros"),
        (b"\xab" * 32, "published"),
        (b"\x01" * 32, "pattern of 1 byte"),
        (b"\x12\x34\x56" * 11, "pattern of 3 bytes"),
        (bytes(range(16)) * 2, "pattern of 16 bytes"),
        (bytes(range(31)), "too short"),
        (bytes([1, 2, 3, 4]) * 4 + bytes([5, 6, 7]) * 5 + b"\x01", "too few distinct bytes"),
    ],
)
def test_weak_keys_are_refused_naming_the_setting(key: bytes, words: str) -> None:
    with pytest.raises(InsecureConfiguration, match=rf"THE_SETTING.*{words}"):
        refuse_weak_key("THE_SETTING", key, minimum_bytes=32)


def test_a_random_key_is_accepted() -> None:
    for _ in range(1_000):
        refuse_weak_key("a key", secrets.token_bytes(32), minimum_bytes=32)


# Key material written in the repository: Fernet keys, hex keys in JSON key sets, and keys built
# in code as a repeated hex pair (`"ab" * 32`).
_FERNET = re.compile(r"""["'=]([A-Za-z0-9_-]{43}=)["'\s,]""")
_HEX_KEY_SET = re.compile(r'"\d+"\s*:\s*"([0-9a-fA-F]{64,})"')
_HEX_PATTERN = re.compile(r'"([0-9a-fA-F]{2,8})"\s*\*\s*(\d+)')


def _repository_text() -> list[tuple[Path, str]]:
    texts = []
    for path in _tracked_files():
        if (
            path.suffix in (".py", ".yml", ".yaml", ".json", ".toml", ".md", ".env", ".example")
            and "graphiql_assets" not in path.parts
            and path.stat().st_size < 2_000_000
        ):
            texts.append((path, path.read_text(errors="replace")))
    return texts


def test_every_key_written_in_the_repository_is_refused_in_production() -> None:
    fernet, raw = set(), set()
    for _, text in _repository_text():
        fernet |= {k for k in _FERNET.findall(text) if len(base64.urlsafe_b64decode(k)) == 32}
        raw |= {bytes.fromhex(k) for k in _HEX_KEY_SET.findall(text)}
        raw |= {
            bytes.fromhex(pattern * int(times))
            for pattern, times in _HEX_PATTERN.findall(text)
            if len(pattern) * int(times) >= 64
        }
    assert fernet and raw, "the scan finds the development webhook key and the test key sets"
    for key in fernet:
        with pytest.raises(InsecureConfiguration):
            refuse_weak_fernet_key("a webhook key", key)
    for key_bytes in raw:
        with pytest.raises(InsecureConfiguration):
            refuse_weak_key("a pseudonym key", key_bytes, minimum_bytes=32)


def test_a_fernet_key_with_a_weak_half_is_refused() -> None:
    own = Fernet.generate_key()
    half = base64.urlsafe_b64decode(own)[16:]
    for signing in (bytes(16), b"\x42" * 16):
        key = base64.urlsafe_b64encode(signing + half).decode()
        with pytest.raises(InsecureConfiguration, match="signing half"):
            refuse_weak_fernet_key("OFFERS_WEBHOOK_SECRET_KEY", key)
    refuse_weak_fernet_key("OFFERS_WEBHOOK_SECRET_KEY", own.decode())
