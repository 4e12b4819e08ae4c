"""Locations as HSDS 3.1 locations (addresses, accessibility, opening hours) and the
service_at_location objects that place a service there."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koko_offers.hsds.mapping.common import WEEKDAYS, Row, compact, derived_id


def location(row: Row, translated: Mapping[str, str] | None = None) -> dict[str, Any]:
    translated = translated or {}
    location_id = str(row["id"])
    addresses = []
    if row.get("street") and row.get("postal_code"):
        addresses.append(
            {
                "id": derived_id("address", location_id),
                "location_id": location_id,
                "address_1": row["street"],
                "city": row["city"],
                "state_province": "",
                "postal_code": row["postal_code"],
                "country": "DE",
                "address_type": "physical",
            }
        )
    accessibility = []
    if row.get("barrier_free") is not None:
        accessibility.append(
            {
                "id": derived_id("accessibility", location_id),
                "location_id": location_id,
                "description": "barrierefrei" if row["barrier_free"] else "nicht barrierefrei",
            }
        )
    schedules = [
        compact(
            {
                "id": derived_id("opening", location_id, index),
                "location_id": location_id,
                "freq": "WEEKLY",
                "byday": WEEKDAYS[int(slot["weekday"]) - 1],
                "opens_at": slot.get("opens"),
                "closes_at": slot.get("closes"),
                "notes": "nur nach Terminvereinbarung" if row.get("appointment_only") else None,
            }
        )
        for index, slot in enumerate(row.get("opening_hours") or [])
        if isinstance(slot, dict) and 1 <= int(slot.get("weekday", 0)) <= 7
    ]
    return compact(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": str(row["provider_id"]),
            "name": translated.get("name") or row["name"],
            "transportation": translated.get("transit_note") or row.get("transit_note"),
            "latitude": row.get("lat"),
            "longitude": row.get("lon"),
            "addresses": addresses,
            "accessibility": accessibility,
            "schedules": schedules,
        }
    )


def service_at_location_id(service_id: str, location_id: str) -> str:
    return derived_id("service-at-location", service_id, location_id)


def service_at_location(service_id: str, location_obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": service_at_location_id(service_id, location_obj["id"]),
        "service_id": service_id,
        "location_id": location_obj["id"],
        "location": location_obj,
    }
