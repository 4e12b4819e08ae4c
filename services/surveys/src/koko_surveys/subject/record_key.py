"""Record keys of the cell key method: one per person and study, derived, never drawn.

`record_key = first 4 bytes of HMAC-SHA256(study.record_key_salt, stored pseudonym)` as an
unsigned integer in [0, 2^32). The stored pseudonym is the same for every interview of a person
in a study, so the key stays the same across waves, corrections (supersedes), re-ingest and
erasure followed by re-adding the person: a cell holding the same people always has the same
key, and nobody can redraw the noise of a cell by re-sending rows. The salt is random per study
and never leaves the database, so the keys cannot be computed from pseudonyms alone.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable


def record_key(salt: bytes, pseudonym: str) -> int:
    digest = hmac.new(salt, bytes.fromhex(pseudonym), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


def record_keyer(salt: bytes) -> Callable[[str], int]:
    """`record_key` with the salt's HMAC key schedule prepared once (for a batch of subjects)."""
    keyed = hmac.new(salt, digestmod=hashlib.sha256)

    def key(pseudonym: str) -> int:
        state = keyed.copy()
        state.update(bytes.fromhex(pseudonym))
        return int.from_bytes(state.digest()[:4], "big")

    return key
