"""Readers of single values shared by the parts of a submission row: short codes, date-times
(ISO 8601 or German notation, see `instrument/cell_formats.py`), members of a fixed set."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, TypeGuard

from koko_surveys.instrument.cell_formats import read_datetime

SHORT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,31}$")


def parse_datetime(value: Any) -> datetime:
    """A date-time in one of the documented formats; ValueError naming them otherwise."""
    return read_datetime(value)


def one_of(value: Any, allowed: set[str]) -> TypeGuard[str]:
    return isinstance(value, str) and value in allowed
