"""The shape every versioned catalogue update shares: compare the expected version, apply the
changed values, bump the version, and describe the change for the change log."""

from __future__ import annotations

from typing import Any, Protocol

from koko_offers.change_log import service as change_log
from koko_offers.db import utcnow
from koko_offers.errors import version_conflict


class Versioned(Protocol):
    version: int


def check_version(row: Versioned, expected_version: int) -> None:
    """Refuse an edit based on a version that is no longer current (the row is locked
    FOR UPDATE by the caller, so nobody can slip in between this check and the write)."""
    if row.version != expected_version:
        raise version_conflict(expected_version, row.version)


def apply_changes(row: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set `values` on `row`; the {"field": [old, new]} of what really changed. When anything
    changed, the version goes up by one."""
    before = {name: getattr(row, name) for name in values}
    changes = change_log.diff(before, values)
    if changes:
        for name in changes:
            setattr(row, name, values[name])
        bump(row)
    return changes


def bump(row: Any) -> None:
    row.version += 1
    row.updated_at = utcnow()


def snapshot(row: Any, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}
