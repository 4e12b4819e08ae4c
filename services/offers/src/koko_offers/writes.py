"""The shape every versioned catalogue update shares: compare the expected version, apply the
changed values, bump the version, then outdate the translations of changed texts and record the
change in the change log."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.change_log import service as change_log
from koko_offers.errors import version_conflict
from koko_offers.translation import service as translation_service
from koko_shared.auth.actor import Actor
from koko_shared.database.columns import utcnow


class Versioned(Protocol):
    version: int


class Recorded(Protocol):
    id: UUID
    region_ars: str
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


async def record_update(
    session: AsyncSession,
    actor: Actor,
    entity: str,
    row: Recorded,
    changes: dict[str, list[Any]],
    *,
    major_edit: bool,
) -> None:
    """The tail of a versioned update that changed something: in a major edit the translations
    of changed German texts become outdated, and the change log records the new version."""
    await translation_service.outdate(session, entity, row.id, changes, major_edit=major_edit)
    await change_log.record(
        session,
        actor,
        entity=entity,
        entity_id=row.id,
        action="updated",
        region_ars=row.region_ars,
        changes=changes,
        version=row.version,
    )
