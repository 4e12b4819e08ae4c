"""The body of a webhook delivery: what changed, in the names and values of the GraphQL API
(camelCase fields, enum values as GraphQL spells them, references as `{id}` with global ids),
with links to the entity. `schemas.py` publishes a JSON Schema of it per event type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson

from koko_offers.change_log.models import ChangeLogEntry
from koko_offers.course_run.models import COURSE_RUN_STATUSES, TIMES_OF_DAY
from koko_offers.offer.models import (
    COST_OPTIONS,
    OFFER_FORMATS,
    OFFER_STATUSES,
    RESIDENCE_STATUSES,
    TARGET_GROUPS,
)
from koko_shared.graphql.ids import to_global_id

JsonSchema = dict[str, Any]
_TEXT: JsonSchema = {"type": "string"}
_OPTIONAL_TEXT: JsonSchema = {"type": ["string", "null"]}
_OPTIONAL_INT: JsonSchema = {"type": ["integer", "null"]}
_BOOL: JsonSchema = {"type": "boolean"}
_LANGUAGES: JsonSchema = {"type": "array", "items": {"type": "string"}}
_DATE: JsonSchema = {"type": "string", "format": "date"}
_OPTIONAL_DATE: JsonSchema = {"type": ["string", "null"], "format": "date"}
_OPTIONAL_TIME: JsonSchema = {"type": ["string", "null"], "format": "date-time"}


def _enum(values: tuple[str, ...]) -> JsonSchema:
    return {"type": "string", "enum": [v.upper() for v in values]}


def _enum_list(values: tuple[str, ...]) -> JsonSchema:
    return {"type": "array", "items": _enum(values)}


def _reference(nullable: bool) -> JsonSchema:
    shape: JsonSchema = {
        "type": "object",
        "properties": {"id": {"type": "string"}},
        "required": ["id"],
        "additionalProperties": False,
    }
    return {"oneOf": [shape, {"type": "null"}]} if nullable else shape


def rfc3339(value: str | datetime) -> str:
    """A change-log time (`str(datetime)`: a space, maybe no zone) as RFC 3339 (`T`, UTC `Z`),
    as the payload's JSON Schema (`format: date-time`) promises."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class ApiField:
    """How one column appears in the API: its GraphQL name, how its value is written, and the
    JSON Schema of that value."""

    name: str
    schema: JsonSchema
    kind: str = "plain"  # plain | enum | enum_list | reference:<Type> | category | datetime

    def value(self, raw: Any) -> Any:
        if raw is None:
            return None
        if self.kind == "datetime":
            return rfc3339(raw)
        if self.kind == "enum":
            return str(raw).upper()
        if self.kind == "enum_list":
            return [str(v).upper() for v in raw]
        if self.kind == "category":
            return {"code": raw}
        if self.kind.startswith("reference:"):
            return {"id": to_global_id(self.kind.split(":", 1)[1], raw)}
        return raw


# Only what the public API shows; anything else (who confirmed, internal columns) stays out.
OFFER_FIELDS: dict[str, ApiField] = {
    "title": ApiField("title", _TEXT),
    "description": ApiField("description", _TEXT),
    "eligibility_note": ApiField("eligibilityNote", _OPTIONAL_TEXT),
    "fee_note": ApiField("feeNote", _OPTIONAL_TEXT),
    "status": ApiField("status", _enum(OFFER_STATUSES), "enum"),
    "format": ApiField("format", _enum(OFFER_FORMATS), "enum"),
    "region_ars": ApiField("regionArs", _TEXT),
    "target_groups": ApiField("targetGroups", _enum_list(TARGET_GROUPS), "enum_list"),
    "min_age": ApiField("minAge", _OPTIONAL_INT),
    "max_age": ApiField("maxAge", _OPTIONAL_INT),
    "residence_statuses": ApiField(
        "residenceStatuses", _enum_list(RESIDENCE_STATUSES), "enum_list"
    ),
    "instruction_languages": ApiField("instructionLanguages", _LANGUAGES),
    "support_languages": ApiField("supportLanguages", _LANGUAGES),
    "cost_options": ApiField("costOptions", _enum_list(COST_OPTIONS), "enum_list"),
    "childcare": ApiField("childcare", _BOOL),
    "url": ApiField("url", _OPTIONAL_TEXT),
    "contact_email": ApiField("contactEmail", _OPTIONAL_TEXT),
    "contact_phone": ApiField("contactPhone", _OPTIONAL_TEXT),
    "last_confirmed_at": ApiField("lastConfirmedAt", _OPTIONAL_TIME, "datetime"),
    "category_code": ApiField(
        "category",
        {
            "type": "object",
            "properties": {"code": {"type": "string"}},
            "required": ["code"],
            "additionalProperties": False,
        },
        "category",
    ),
    "course_type_id": ApiField("courseType", _reference(True), "reference:CourseType"),
    "provider_id": ApiField("provider", _reference(False), "reference:Provider"),
    "location_id": ApiField("location", _reference(True), "reference:Location"),
}
COURSE_RUN_FIELDS: dict[str, ApiField] = {
    "offer_id": ApiField("offer", _reference(False), "reference:Offer"),
    "location_id": ApiField("location", _reference(True), "reference:Location"),
    "start_date": ApiField("startDate", _DATE),
    "end_date": ApiField("endDate", _OPTIONAL_DATE),
    "registration_deadline": ApiField("registrationDeadline", _OPTIONAL_DATE),
    "rolling_entry": ApiField("rollingEntry", _BOOL),
    "schedule_rrule": ApiField("scheduleRrule", _OPTIONAL_TEXT),
    "weekly_slots": ApiField(
        "weeklySlots",
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "weekday": {"type": "integer", "minimum": 1, "maximum": 7},
                    "starts": {"type": "string"},
                    "ends": {"type": "string"},
                },
                "required": ["weekday", "starts", "ends"],
            },
        },
    ),
    "time_of_day": ApiField("timeOfDay", _enum(TIMES_OF_DAY), "enum"),
    "capacity_max": ApiField("capacityMax", _OPTIONAL_INT),
    "seats_booked": ApiField("seatsBooked", {"type": "integer", "minimum": 0}),
    "free_seats": ApiField("freeSeats", _OPTIONAL_INT),
    "capacity_updated_at": ApiField("capacityUpdatedAt", _OPTIONAL_TIME, "datetime"),
    "waitlist_length": ApiField("waitlistLength", {"type": "integer", "minimum": 0}),
    "childcare": ApiField("childcare", _BOOL),
    "status": ApiField("status", _enum(COURSE_RUN_STATUSES), "enum"),
}
FIELDS = {"offer": OFFER_FIELDS, "course_run": COURSE_RUN_FIELDS}
TYPE_NAMES = {"offer": "Offer", "course_run": "CourseRun"}
TRANSLATABLE = ("title", "description", "eligibility_note", "fee_note")


def api_changes(entity: str, changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(new values by API name, translations {language: {field: text}}) of a change-log diff
    `{"column": [old, new]}`. Old values are not sent: they may be unpublished drafts."""
    fields = FIELDS[entity]
    values: dict[str, Any] = {}
    translations: dict[str, dict[str, Any]] = {}
    for column, pair in changes.items():
        new = pair[1] if isinstance(pair, list) and len(pair) == 2 else pair
        if column in fields:
            values[fields[column].name] = fields[column].value(new)
            continue
        # Translations are logged as "<column>.<language>" (and "<column>.<language>.state").
        parts = column.split(".")
        if len(parts) == 2 and parts[0] in TRANSLATABLE and parts[0] in OFFER_FIELDS:
            translations.setdefault(parts[1], {})[OFFER_FIELDS[parts[0]].name] = new
    return values, translations


def free_seats(capacity_max: int | None, seats_booked: int) -> int | None:
    return None if capacity_max is None else max(capacity_max - seats_booked, 0)


def event_body(
    entry: ChangeLogEntry,
    event_type: str,
    occurred_at: datetime,
    *,
    offer_id: UUID,
    current_free_seats: int | None = None,
) -> str:
    """The JSON a partner receives, in the Standard Webhooks payload shape
    `{type, timestamp, data}`."""
    type_name = TYPE_NAMES[entry.entity]
    changes, translations = api_changes(entry.entity, entry.changes or {})
    if entry.entity == "course_run" and ({"seatsBooked", "capacityMax"} & changes.keys()):
        changes["freeSeats"] = current_free_seats
    data: dict[str, Any] = {
        "id": to_global_id(type_name, entry.entity_id),
        "typename": type_name,
        "uuid": str(entry.entity_id),
        "action": entry.action,
        "version": entry.version,
        "regionArs": entry.region_ars,
        "changeId": str(entry.id),
        "changedFields": sorted({*changes, *(f for t in translations.values() for f in t)}),
        "changes": changes,
        "translations": translations,
        "links": {
            "offer": {"id": to_global_id("Offer", offer_id)},
            "hsds": f"/hsds/services/{offer_id}",
        },
    }
    return orjson.dumps(
        {"type": event_type, "timestamp": rfc3339(occurred_at), "data": data},
        option=orjson.OPT_SORT_KEYS,
    ).decode()


def ping_body(subscription_id: UUID, region_ars: str, occurred_at: datetime) -> str:
    """The test event (`webhook.ping`): the same envelope as every event, nothing changed."""
    data = {
        "subscriptionId": to_global_id("WebhookSubscription", subscription_id),
        "regionArs": region_ars,
        "message": "Koko test event: your receiver and its signature check work.",
    }
    return orjson.dumps(
        {"type": "webhook.ping", "timestamp": rfc3339(occurred_at), "data": data},
        option=orjson.OPT_SORT_KEYS,
    ).decode()
