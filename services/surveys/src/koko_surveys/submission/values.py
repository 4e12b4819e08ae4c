"""Readers of single values shared by the parts of a submission row: short codes, ISO 8601
date-times, members of a fixed set."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, TypeGuard

SHORT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,31}$")


def parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 date-time")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def one_of(value: Any, allowed: set[str]) -> TypeGuard[str]:
    return isinstance(value, str) and value in allowed
