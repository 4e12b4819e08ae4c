"""Times in a webhook payload are RFC 3339 (`T`, a zone), as its JSON Schema says
(`format: date-time`): the change log stores them as Python writes them (a space, `+00:00`)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import orjson

from koko_offers.change_log.models import ChangeLogEntry
from koko_offers.webhook.payload import event_body

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def test_changed_times_and_the_event_time_are_rfc_3339() -> None:
    # given: a seat update as the change log records it (str(datetime), a naive one too)
    run_id = uuid.uuid4()
    entry = ChangeLogEntry(
        id=7,
        actor_subject="provider",
        region_ars="150030000000",
        entity="course_run",
        entity_id=run_id,
        action="seats_updated",
        changes={
            "capacity_updated_at": [None, "2026-12-06 10:00:00.500000+01:00"],
            "seats_booked": [3, 4],
        },
        version=2,
    )
    entry_naive = ChangeLogEntry(
        id=8,
        actor_subject="provider",
        region_ars="150030000000",
        entity="offer",
        entity_id=run_id,
        action="confirmed",
        changes={"last_confirmed_at": [None, "2026-12-06 10:00:00"]},
        version=3,
    )
    at = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    # when
    seats = orjson.loads(
        event_body(entry, "course_run.seats_changed", at, offer_id=run_id, current_free_seats=4)
    )
    confirmed = orjson.loads(event_body(entry_naive, "offer.updated", at, offer_id=run_id))
    # then
    assert seats["data"]["changes"]["capacityUpdatedAt"] == "2026-12-06T09:00:00.500000Z"
    assert confirmed["data"]["changes"]["lastConfirmedAt"] == "2026-12-06T10:00:00Z"
    assert seats["timestamp"] == "2026-12-06T09:00:00Z"
    for value in (seats["timestamp"], confirmed["data"]["changes"]["lastConfirmedAt"]):
        assert RFC3339.match(value)
