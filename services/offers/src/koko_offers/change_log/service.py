"""Recording changes. Every write of the catalogue goes through `record`, in the request's
transaction, so that the change log (and whatever listens to it, such as the webhook outbox)
never disagrees with the data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization
from koko_offers.change_log import repository
from koko_offers.change_log.models import ChangeLogEntry
from koko_shared.auth.actor import Actor
from koko_shared.errors import PermissionDenied
from koko_shared.pagination import Page, PageRequest

# Listeners run inside the same transaction as the change (e.g. the webhook outbox).
ChangeListener = Callable[[AsyncSession, ChangeLogEntry], Awaitable[None]]
_listeners: list[ChangeListener] = []


def add_listener(listener: ChangeListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


async def record(
    session: AsyncSession,
    actor: Actor,
    *,
    entity: str,
    entity_id: UUID,
    action: str,
    region_ars: str,
    changes: dict[str, Any] | None = None,
    version: int | None = None,
) -> ChangeLogEntry:
    entry = await repository.add(
        session,
        ChangeLogEntry(
            actor_subject=actor.subject,
            region_ars=region_ars,
            entity=entity,
            entity_id=entity_id,
            action=action,
            changes=changes or {},
            version=version,
        ),
    )
    for listener in _listeners:
        await listener(session, entry)
    return entry


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{"field": [old, new]} for the fields that changed (JSON-safe values)."""
    return {
        key: [_json_safe(before.get(key)), _json_safe(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _json_safe(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


async def page_of_record(
    session: AsyncSession, actor: Actor, *, entity: str, entity_id: UUID, request: PageRequest
) -> Page[ChangeLogEntry]:
    """A page of a record's changes, for coordinators of the record's region (every entry of a
    record carries the record's region) and admins."""
    if actor.is_public:
        raise PermissionDenied("the change log is for coordinators only")
    page = await repository.for_entity(session, entity, entity_id, request=request)
    if any(not authorization.is_coordinator(actor, row.region_ars) for row in page.rows):
        raise PermissionDenied("the change log is for coordinators of the record's region")
    return page
