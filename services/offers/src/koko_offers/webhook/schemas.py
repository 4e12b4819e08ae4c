"""JSON Schemas of webhook payloads, one per event type: served at `/webhooks/schemas/{type}` and
written to docs/webhooks/ (`python -m koko_offers.webhook.schemas docs/webhooks`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson

from koko_offers.webhook.models import EVENT_TYPES
from koko_offers.webhook.payload import FIELDS, OFFER_FIELDS, TRANSLATABLE, TYPE_NAMES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def entity_of(event_type: str) -> str:
    return event_type.split(".", 1)[0]


def event_schema(event_type: str) -> dict[str, Any]:
    entity = entity_of(event_type)
    fields = FIELDS[entity]
    changes = {f.name: f.schema for f in fields.values()}
    translated = {OFFER_FIELDS[c].name: {"type": ["string", "null"]} for c in TRANSLATABLE}
    translations: dict[str, Any] = {
        "type": "object",
        "description": "New texts of translations by language (BCP-47): offer events only.",
        "additionalProperties": {
            "type": "object",
            "properties": translated,
            "additionalProperties": False,
        },
    }
    if entity != "offer":
        translations["maxProperties"] = 0
    reference = {
        "type": "object",
        "properties": {"id": {"type": "string"}},
        "required": ["id"],
        "additionalProperties": False,
    }
    data = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "typename",
            "uuid",
            "action",
            "version",
            "regionArs",
            "changeId",
            "changedFields",
            "changes",
            "translations",
            "links",
        ],
        "properties": {
            "id": {"type": "string", "description": "GraphQL global id (query it with node)."},
            "typename": {"const": TYPE_NAMES[entity]},
            "uuid": {"type": "string", "format": "uuid"},
            "action": {"type": "string", "description": "What was done (change log action)."},
            "version": {"type": ["integer", "null"], "description": "Version after the change."},
            "regionArs": {"type": "string", "pattern": "^[0-9]{12}$"},
            "changeId": {"type": "string", "description": "Id of the change-log entry."},
            "changedFields": {
                "type": "array",
                "items": {"enum": sorted({*changes, *translated})},
                "uniqueItems": True,
            },
            "changes": {
                "type": "object",
                "description": "New values of the changed fields, named and written as in the "
                "GraphQL API. Old values are not sent.",
                "properties": changes,
                "additionalProperties": False,
            },
            "translations": translations,
            "links": {
                "type": "object",
                "additionalProperties": False,
                "required": ["offer", "hsds"],
                "properties": {
                    "offer": reference,
                    "hsds": {
                        "type": "string",
                        "pattern": "^/hsds/services/[0-9a-f-]{36}$",
                        "description": "Path of the offer in the HSDS API, relative to the "
                        "offers REST base URL.",
                    },
                },
            },
        },
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:koko:webhook:{event_type}",
        "title": f"Koko webhook {event_type}",
        "type": "object",
        "additionalProperties": False,
        "required": ["type", "timestamp", "data"],
        "properties": {
            "type": {"const": event_type},
            "timestamp": {"type": "string", "format": "date-time"},
            "data": data,
        },
    }


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for event_type in EVENT_TYPES:
        path = folder / f"{event_type}.schema.json"
        path.write_bytes(orjson.dumps(event_schema(event_type), option=orjson.OPT_INDENT_2) + b"\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/webhooks")):
        print(path)
