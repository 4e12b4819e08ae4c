"""Offers as HSDS 3.1 services: the list view, and the full object with schedules and
capacities of its course runs, languages, costs, funding, locations and taxonomy attributes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID, uuid5

from koko_offers.hsds.mapping.common import (
    NAMESPACE,
    STATUS,
    WEEKDAYS,
    Row,
    compact,
    derived_id,
    iso,
)
from koko_offers.hsds.mapping.locations import service_at_location
from koko_offers.hsds.mapping.organizations import organization
from koko_offers.hsds.mapping.taxonomies import category_term, course_type_term

SEAT_UNIT = {"id": str(uuid5(NAMESPACE, "unit:seat")), "name": "Kursplatz"}
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "Englisch",
    "ar": "Arabisch",
    "fa": "Persisch",
    "uk": "Ukrainisch",
    "ru": "Russisch",
    "tr": "Türkisch",
    "fr": "Französisch",
    "ku": "Kurdisch",
    "ti": "Tigrinya",
    "ps": "Paschtu",
    "so": "Somali",
    "es": "Spanisch",
}
COST_LABELS = {
    "free": "kostenlos",
    "bamf": "gefördert durch das BAMF",
    "jobcenter": "Förderung durch das Jobcenter",
    "bildungsgutschein": "Bildungsgutschein",
    "fee": "Teilnahmegebühr",
    "reduced_fee": "ermäßigte Gebühr",
}
FUNDING_SOURCES = {
    "bamf": "Bundesamt für Migration und Flüchtlinge (BAMF)",
    "jobcenter": "Jobcenter",
    "bildungsgutschein": "Agentur für Arbeit (Bildungsgutschein)",
}
ATTENDING = {"in_person": "in_person", "online": "online", "hybrid": "hybrid"}


def _slot_groups(slots: Sequence[Mapping[str, Any]]) -> list[tuple[list[str], str, str]]:
    """Weekly slots with the same times become one schedule: (["MO", "WE"], "08:30", "12:45")."""
    groups: dict[tuple[str, str], list[str]] = {}
    for slot in slots:
        try:
            weekday = WEEKDAYS[int(slot["weekday"]) - 1]
        except (KeyError, ValueError, IndexError, TypeError):
            continue
        groups.setdefault((str(slot.get("starts", "")), str(slot.get("ends", ""))), []).append(
            weekday
        )
    return [(days, starts, ends) for (starts, ends), days in groups.items()]


def _rrule_parts(rrule: str) -> dict[str, str]:
    parts = {}
    for item in rrule.removeprefix("RRULE:").split(";"):
        key, _, value = item.partition("=")
        if key and value:
            parts[key.upper()] = value
    return parts


def schedules(service_id: str, run: Row, attending_type: str) -> list[dict[str, Any]]:
    base = {
        "service_id": service_id,
        "location_id": str(run["location_id"]) if run["location_id"] else None,
        "valid_from": iso(run["start_date"]),
        "valid_to": iso(run["end_date"]),
        "dtstart": iso(run["start_date"]),
        "attending_type": attending_type,
        "description": f"Kursbeginn {run['start_date'].strftime('%d.%m.%Y')}",
    }
    result = []
    for index, (days, starts, ends) in enumerate(_slot_groups(run["weekly_slots"] or [])):
        result.append(
            compact(
                {
                    **base,
                    "id": derived_id("schedule", run["id"], index),
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": ",".join(days),
                    "opens_at": starts or None,
                    "closes_at": ends or None,
                    "until": iso(run["end_date"]),
                }
            )
        )
    if not result and run["schedule_rrule"]:
        parts = _rrule_parts(run["schedule_rrule"])
        freq = parts.get("FREQ")
        result.append(
            compact(
                {
                    **base,
                    "id": derived_id("schedule", run["id"], 0),
                    "freq": freq if freq in ("WEEKLY", "MONTHLY") else None,
                    "byday": parts.get("BYDAY"),
                    "interval": int(parts["INTERVAL"])
                    if parts.get("INTERVAL", "").isdigit()
                    else None,
                    "count": int(parts["COUNT"]) if parts.get("COUNT", "").isdigit() else None,
                    "notes": run["schedule_rrule"],
                }
            )
        )
    if not result:
        result.append(compact({**base, "id": derived_id("schedule", run["id"], 0)}))
    return result


def capacity(service_id: str, run: Row) -> dict[str, Any] | None:
    if run["capacity_max"] is None:
        return None
    updated = run["capacity_updated_at"] or run["updated_at"]
    return {
        "id": str(run["id"]),
        "service_id": service_id,
        "unit": SEAT_UNIT,
        "unit_id": SEAT_UNIT["id"],
        "available": run["free_seats"] if run["free_seats"] is not None else 0,
        "maximum": run["capacity_max"],
        "description": f"Freie Plätze im Kurs ab {run['start_date'].strftime('%d.%m.%Y')}"
        + (f", Warteliste: {run['waitlist_length']}" if run["waitlist_length"] else ""),
        "updated": iso(updated),
    }


def _attributes(
    service_id: str,
    row: Row,
    language: str,
    categories: Mapping[str, Row],
    course_types: Mapping[UUID, Row],
) -> list[dict[str, Any]]:
    result = []
    category = categories.get(row["category_code"])
    if category is not None:
        term = category_term(category, language, categories)
        result.append(
            {
                "id": derived_id("attribute", service_id, "category"),
                "link_id": service_id,
                "taxonomy_term_id": term["id"],
                "link_type": "category",
                "link_entity": "service",
                "value": row["category_code"],
                "taxonomy_term": term,
            }
        )
    course_type = course_types.get(row["course_type_id"]) if row["course_type_id"] else None
    if course_type is not None:
        term = course_type_term(course_type, language)
        result.append(
            {
                "id": derived_id("attribute", service_id, "course_type"),
                "link_id": service_id,
                "taxonomy_term_id": term["id"],
                "link_type": "course_type",
                "link_entity": "service",
                "value": course_type["target_level"] or course_type["code"],
                "taxonomy_term": term,
            }
        )
    return result


def service_list_item(row: Row, translated: Mapping[str, str]) -> dict[str, Any]:
    """The one-to-one fields of a service (the HSDS list view) with its organization."""
    service_id = str(row["id"])
    confirmed = row["last_confirmed_at"]
    return compact(
        {
            "id": service_id,
            "organization_id": str(row["provider_id"]),
            "name": translated.get("title") or row["title"],
            "description": translated.get("description") or row["description"],
            "url": row["url"] or None,
            "email": row["contact_email"] or None,
            "status": STATUS.get(row["status"], "inactive"),
            "fees_description": translated.get("fee_note") or row["fee_note"],
            "eligibility_description": translated.get("eligibility_note")
            or row["eligibility_note"],
            "minimum_age": row["min_age"],
            "maximum_age": row["max_age"],
            "assured_date": confirmed.date().isoformat() if confirmed else None,
            "last_modified": iso(row["modified_at"] or row["updated_at"]),
            "organization": organization(row),
        }
    )


def service_full(
    row: Row,
    *,
    translated: Mapping[str, str],
    runs: Sequence[Row],
    locations: Mapping[UUID, dict[str, Any]],
    language: str,
    categories: Mapping[str, Row],
    course_types: Mapping[UUID, Row],
) -> dict[str, Any]:
    result = service_list_item(row, translated)
    service_id = result["id"]
    attending = ATTENDING.get(row["format"], "in_person")
    result["phones"] = (
        [
            {
                "id": derived_id("phone", service_id),
                "service_id": service_id,
                "number": row["contact_phone"],
            }
        ]
        if row["contact_phone"]
        else []
    )
    result["schedules"] = [s for run in runs for s in schedules(service_id, run, attending)]
    result["capacities"] = [c for run in runs if (c := capacity(service_id, run)) is not None]
    result["languages"] = [
        {
            "id": derived_id("language", service_id, code),
            "service_id": service_id,
            "name": LANGUAGE_NAMES.get(code, code),
            "code": code,
            "note": "Unterrichtssprache",
        }
        for code in row["instruction_languages"] or []
    ] + [
        {
            "id": derived_id("support-language", service_id, code),
            "service_id": service_id,
            "name": LANGUAGE_NAMES.get(code, code),
            "code": code,
            "note": "Unterstützung in dieser Sprache",
        }
        for code in row["support_languages"] or []
    ]
    result["cost_options"] = [
        {
            "id": derived_id("cost", service_id, option),
            "service_id": service_id,
            "option": COST_LABELS.get(option, option),
            "currency": "EUR",
        }
        for option in row["cost_options"] or []
    ]
    result["funding"] = [
        {
            "id": derived_id("funding", service_id, option),
            "service_id": service_id,
            "source": FUNDING_SOURCES[option],
        }
        for option in row["cost_options"] or []
        if option in FUNDING_SOURCES
    ]
    location_ids: list[UUID] = []
    for candidate in [row["location_id"], *(run["location_id"] for run in runs)]:
        if candidate is not None and candidate not in location_ids and candidate in locations:
            location_ids.append(candidate)
    result["service_at_locations"] = [
        service_at_location(service_id, locations[loc_id]) for loc_id in location_ids
    ]
    result["attributes"] = _attributes(service_id, row, language, categories, course_types)
    return result
