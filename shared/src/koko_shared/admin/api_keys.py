"""API keys for machines (integration scripts, partner feeds): minted once, stored as hashes.

The keys file maps `sha256(key)` to the actor the key stands for, the format every service's
`TokenVerifier` reads (`*_API_KEYS_FILE`). Services read the file on each request, so a revoked
key stops working at once, without a restart.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from koko_shared.admin import key_files
from koko_shared.auth.actor import ALL_REGIONS, Actor, Grant, Role
from koko_shared.auth.tokens import hash_api_key, new_api_key

_ARS = re.compile(r"^[0-9]{12}$")
# The hash prefix shown by `list` and accepted by `revoke` (the hash itself is not secret).
KEY_ID_LENGTH = 12


class AdminError(ValueError):
    """A mistake in the command line; printed without a traceback."""


@dataclass(frozen=True, slots=True)
class StoredKey:
    key_id: str
    subject: str
    grants: tuple[Grant, ...]
    created_at: str


def grant_from_options(
    role: str, region: str, studies: list[str], organization: str | None
) -> Grant:
    try:
        parsed_role = Role(role)
    except ValueError:
        raise AdminError(
            f"unknown role {role!r}; one of: {', '.join(r.value for r in Role)}"
        ) from None
    if region == ALL_REGIONS:
        if parsed_role != Role.ADMIN:
            raise AdminError("region '*' (every region) is for the admin role only")
    elif not _ARS.match(region):
        raise AdminError(f"region {region!r} is not a 12-digit ARS (e.g. 150030000000)")
    for study in studies:
        try:
            uuid.UUID(study)
        except ValueError:
            raise AdminError(f"study {study!r} is not a study id (UUID)") from None
    if studies and parsed_role != Role.INTEGRATOR:
        raise AdminError("--study limits an integrator key; other roles have no study list")
    if organization is not None and parsed_role != Role.PROVIDER:
        raise AdminError("--organization belongs to a provider key")
    return Grant(parsed_role, region, organization=organization, studies=tuple(studies))


def create(keys_file: Path, *, subject: str, grant: Grant) -> str:
    """Mint a key for `subject` with `grant`; store only its hash; return the key (shown once)."""
    if not subject.strip():
        raise AdminError("--subject must name who uses the key")
    key = new_api_key()
    entry: dict[str, Any] = {
        "subject": subject,
        "koko_grants": [grant.to_claim()],
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    # The entry must read back as the actor it stands for, exactly as the services read it.
    Actor.from_claims({"sub": subject, **entry})
    with key_files.editing(keys_file) as keys:
        keys[hash_api_key(key)] = entry
    return key


def listed(keys_file: Path) -> list[StoredKey]:
    return sorted(
        (
            StoredKey(
                key_id=digest[:KEY_ID_LENGTH],
                subject=str(entry.get("subject")),
                grants=Actor.from_claims({"sub": entry.get("subject"), **entry}).grants,
                created_at=str(entry.get("created_at", "")),
            )
            for digest, entry in key_files.read(keys_file).items()
        ),
        key=lambda stored: (stored.created_at, stored.key_id),
    )


def revoke(keys_file: Path, *, key_id: str | None = None, subject: str | None = None) -> int:
    """Remove the key with this id (hash prefix) or every key of `subject`; return how many."""
    if (key_id is None) == (subject is None):
        raise AdminError("name exactly one of --id or --subject")
    if key_id is not None and len(key_id) < 6:
        raise AdminError("--id needs at least 6 characters of the key id shown by `list`")
    with key_files.editing(keys_file) as keys:
        doomed = [
            digest
            for digest, entry in keys.items()
            if (key_id is not None and digest.startswith(key_id))
            or (subject is not None and entry.get("subject") == subject)
        ]
        if key_id is not None and len(doomed) > 1:
            raise AdminError(f"--id {key_id} matches {len(doomed)} keys; give more characters")
        for digest in doomed:
            del keys[digest]
    return len(doomed)
