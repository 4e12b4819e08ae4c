"""ARS validation: 12 digits, a known state prefix."""

from __future__ import annotations

import re

from koko_shared.errors import InvalidInput

_ARS = re.compile(r"^(0[1-9]|1[0-6])[0-9]{10}$")


def validate_ars(value: str, *, field: str = "regionArs") -> str:
    if not _ARS.fullmatch(value):
        raise InvalidInput(
            "'{value}' is not a valid Regionalschlüssel (12 digits, state 01-16)",
            field=field,
            params={"value": value[:40]},
        )
    return value
