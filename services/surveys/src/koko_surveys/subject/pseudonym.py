"""Re-keying of client pseudonyms per study with versioned keys kept outside the database.

Clients send `HMAC-SHA256(K1, normalized_source_id)` as 64 lowercase hex characters. The service
stores only `HMAC-SHA256(study_key, client_pseudonym)`, where the study key is derived from a
versioned master key (environment or key file, never the database) and the study's salt. So one
person links across the waves of a study, but not across studies, and a database dump alone
cannot be joined with any other data set."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from koko_shared.errors import InvalidInput
from koko_shared.secrets import refuse_weak_key
from koko_surveys.settings import SurveysSettings

CLIENT_PSEUDONYM_PATTERN = "^[0-9a-f]{64}$"
_CLIENT_PSEUDONYM = re.compile("[0-9a-f]{64}")


def client_pseudonym_problem(value: object) -> str | None:
    """Why `value` is not an acceptable client pseudonym (a msgid naming the `{field}`), or None
    when it is."""
    if not isinstance(value, str):
        return "{field} must be a string of 64 lowercase hex characters (HMAC-SHA256)"
    if not _CLIENT_PSEUDONYM.fullmatch(value):
        return (
            "{field} must be HMAC-SHA256(K1, normalized id) as 64 lowercase hex characters; "
            "raw or plain identifiers are refused"
        )
    if value.isdigit() or len(set(value)) < 8:
        # A keyed hash is practically never all digits or made of a handful of characters;
        # such values are padded or made-up identifiers.
        return "{field} looks like a padded or made-up identifier, not an HMAC-SHA256 pseudonym"
    return None


@dataclass(frozen=True, slots=True)
class PseudonymKeys:
    """Master keys by version; the highest version re-keys new subjects."""

    keys: dict[int, bytes]

    @property
    def current_version(self) -> int:
        return max(self.keys)

    def for_study(self, study_id: UUID, salt: bytes) -> StudyRekeyer:
        derived = {
            version: hmac.new(
                key, b"koko-surveys/study/" + study_id.bytes + salt, "sha256"
            ).digest()
            for version, key in self.keys.items()
        }
        return StudyRekeyer(derived, self.current_version)


class StudyRekeyer:
    def __init__(self, keys: dict[int, bytes], current_version: int) -> None:
        self.current_version = current_version
        # Keyed HMAC states prepared once and copied per pseudonym (saves the key schedule).
        self._states = {v: hmac.new(k, digestmod=hashlib.sha256) for v, k in keys.items()}

    def rekey(self, client_pseudonym: str, version: int | None = None) -> str:
        state = self._states[self.current_version if version is None else version].copy()
        state.update(bytes.fromhex(client_pseudonym))
        return state.hexdigest()

    def candidates(self, client_pseudonym: str) -> dict[int, str]:
        """The study pseudonym under every key version (to find subjects keyed before a
        rotation)."""
        return {version: self.rekey(client_pseudonym, version) for version in self._states}


def _parse(raw: str, source: str) -> PseudonymKeys:
    try:
        data = json.loads(raw)
        keys = {int(version): bytes.fromhex(value) for version, value in data.items()}
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValueError(f'{source}: expected JSON {{"<version>": "<hex key>"}}') from exc
    if not keys or any(len(k) < 32 for k in keys.values()):
        raise ValueError(f"{source}: need at least one key of 32 bytes or more")
    return PseudonymKeys(keys)


def load_keys(settings: SurveysSettings) -> PseudonymKeys:
    """The configured keys; in production every version must be a strong key of its own
    (not all zeros, not a repeated pattern, not a key written in the repository)."""
    keys = _load(settings)
    if settings.is_production:
        source = (
            "SURVEYS_PSEUDONYM_KEYS" if settings.pseudonym_keys else "SURVEYS_PSEUDONYM_KEYS_FILE"
        )
        for version, key in keys.keys.items():
            refuse_weak_key(f"{source} (key version {version})", key, minimum_bytes=32)
    return keys


def _load(settings: SurveysSettings) -> PseudonymKeys:
    if settings.pseudonym_keys:
        return _parse(settings.pseudonym_keys, "SURVEYS_PSEUDONYM_KEYS")
    path = settings.pseudonym_keys_file
    if path is None:
        if settings.is_production:
            raise ValueError(
                "set SURVEYS_PSEUDONYM_KEYS or SURVEYS_PSEUDONYM_KEYS_FILE in production"
            )
        path = settings.data_dir / "surveys" / "pseudonym-keys.json"
        if not path.exists():
            _write_new_key_file(path)
    return _parse(path.read_text(), str(path))


def _write_new_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    content = json.dumps({"1": secrets.token_hex(32)})
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it first
    with os.fdopen(fd, "w") as handle:
        handle.write(content)


def require_pseudonym_format(value: str, *, field: str = "pseudonym") -> str:
    """The form of a client pseudonym only (erasure and withdrawal look one up: a made-up value
    is well formed and simply matches no one)."""
    if not _CLIENT_PSEUDONYM.fullmatch(value):
        problem = client_pseudonym_problem(value) or ""
        raise InvalidInput(problem, field=field, params={"field": field})
    return value


def require_client_pseudonym(value: str, *, field: str = "pseudonym") -> str:
    problem = client_pseudonym_problem(value)
    if problem:
        raise InvalidInput(problem, field=field, params={"field": field})
    return value
