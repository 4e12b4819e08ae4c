"""Versioned master keys of the surveys pseudonyms (`SURVEYS_PSEUDONYM_KEYS_FILE`).

Rotation adds a version; the newest re-keys new subjects while the older ones stay, so people
keyed before the rotation are still found (see koko_surveys.subject.pseudonym). A version is
never removed while a study keyed with it keeps data.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from koko_shared.admin import key_files

KEY_BYTES = 32


def add(keys_file: Path) -> int:
    """Add a new random key as the next version; return that version."""
    with key_files.editing(keys_file) as keys:
        version = max((int(v) for v in keys), default=0) + 1
        keys[str(version)] = secrets.token_hex(KEY_BYTES)
    return version


def versions(keys_file: Path) -> list[int]:
    return sorted(int(v) for v in key_files.read(keys_file))
