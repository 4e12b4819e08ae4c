"""Refusing weak secrets and the repository's own development secrets and keys outside
development. Every value below is public (it is in this repository), so a production service
that is configured with one of them refuses to start.

Services use `refuse_weak_key` for their key bytes (surveys pseudonym keys, the halves of the
offers webhook encryption key, the gateway's Ed25519 identity seed), `refuse_weak_secret` for
text secrets and `refuse_repository_key` for public key ids; a test keeps the lists in step with
the repository (shared/tests/test_secrets.py).
"""

from __future__ import annotations

import base64
import hashlib

MIN_SECRET_LENGTH = 32

# Secret values written in this repository (compose defaults, examples, tests, benchmarks).
REPOSITORY_SECRETS = frozenset(
    {
        "change-me-identity-secret",
        "koko-development-identity-secret-do-not-use",
        "CHANGE-ME-a-long-random-string",
        "CHANGE-ME-see-docs-operations",
        "e2e-identity-secret",
        "benchmark-identity-secret",
        "benchmark-secret",
        "a-real-secret-for-this-test",
        # offers: the development webhook encryption key (koko_offers.settings)
        "jckBV5-z81JFQqV8S4eZmqheF_vwADGHEqVZColQsTc=",
    }
)
# sha256 (hex) of key bytes written in this repository (tests, benchmarks, examples), so that
# the keys themselves need not be listed; every one is also refused as a repeated pattern.
REPOSITORY_KEY_DIGESTS: frozenset[str] = frozenset(
    hashlib.sha256(bytes.fromhex(pattern * 32)).hexdigest()
    for pattern in ("ab", "b4", "cd", "e2", "ef")
)
# Key ids (see koko_shared.auth.identity_keys.key_id) of every Ed25519 key whose private half is
# in this repository. Development keys are generated per machine and are not in it.
REPOSITORY_KEY_IDS: frozenset[str] = frozenset()


class InsecureConfiguration(ValueError):
    """A service must not start with this configuration outside development."""


def refuse_weak_secret(name: str, value: str) -> None:
    """Raise unless `value` is long, not a repeated pattern and not a repository secret."""
    if value in REPOSITORY_SECRETS or any(value.startswith(s) for s in ("change-me", "CHANGE-ME")):
        raise InsecureConfiguration(f"{name} is a secret published in the Koko repository")
    if len(value) < MIN_SECRET_LENGTH:
        raise InsecureConfiguration(
            f"{name} is too short ({len(value)} characters; at least {MIN_SECRET_LENGTH})"
        )
    if len(set(value)) < 8:
        raise InsecureConfiguration(f"{name} has too few distinct characters to be random")


def refuse_weak_key(name: str, key: bytes, *, minimum_bytes: int) -> None:
    """Raise, naming the setting, unless `key` is at least `minimum_bytes` long, not all zeros,
    not one byte or a short pattern repeated, and not a key written in this repository."""
    if hashlib.sha256(key).hexdigest() in REPOSITORY_KEY_DIGESTS:
        raise InsecureConfiguration(f"{name} is a key published in the Koko repository")
    if len(key) < minimum_bytes:
        raise InsecureConfiguration(
            f"{name} is too short ({len(key)} bytes; its algorithm needs at least {minimum_bytes})"
        )
    if not any(key):
        raise InsecureConfiguration(f"{name} is all zeros")
    period = _period(key)
    if period <= len(key) // 2:
        raise InsecureConfiguration(
            f"{name} is a pattern of {period} byte{'s' if period > 1 else ''} repeated, not random"
        )
    if len(set(key)) < min(8, len(key) // 2):
        raise InsecureConfiguration(f"{name} has too few distinct bytes to be random")


def refuse_weak_fernet_key(name: str, key: str) -> None:
    """A Fernet key (url-safe base64 of 32 bytes): a published one, or one whose signing half or
    encryption half (16 bytes each, HMAC-SHA256 and AES-128) is weak, is refused."""
    if key in REPOSITORY_SECRETS:
        raise InsecureConfiguration(f"{name} is a key published in the Koko repository")
    raw = base64.urlsafe_b64decode(key.encode())
    refuse_weak_key(name, raw, minimum_bytes=32)
    refuse_weak_key(f"{name}: its signing half", raw[:16], minimum_bytes=16)
    refuse_weak_key(f"{name}: its encryption half", raw[16:], minimum_bytes=16)


def _period(data: bytes) -> int:
    """The length of the shortest pattern that `data` repeats (its own length if none)."""
    for length in range(1, len(data) // 2 + 1):
        if all(data[i] == data[i % length] for i in range(length, len(data))):
            return length
    return len(data)


def refuse_repository_key(key_id: str) -> None:
    if key_id in REPOSITORY_KEY_IDS:
        raise InsecureConfiguration(
            f"the identity key {key_id} is published in the Koko repository; generate your own"
        )
