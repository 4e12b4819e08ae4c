"""Refusing weak secrets and the repository's own development secrets and keys outside
development. Every value below is public (it is in this repository), so a production service
that is configured with one of them refuses to start.

Services use `refuse_weak_secret` for their symmetric secrets (pseudonym keys, webhook secret
encryption keys, ...) and `refuse_repository_key` for public key ids; a test keeps the lists in
step with the repository (shared/tests/test_secrets.py).
"""

from __future__ import annotations

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
    }
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


def refuse_repository_key(key_id: str) -> None:
    if key_id in REPOSITORY_KEY_IDS:
        raise InsecureConfiguration(
            f"the identity key {key_id} is published in the Koko repository; generate your own"
        )
