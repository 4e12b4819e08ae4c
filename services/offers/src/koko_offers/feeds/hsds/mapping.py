"""Catalogue rows to HSDS 3.1 objects. Ids of objects Koko has no table for (schedules,
languages, phones, attributes ...) are UUIDv5 derived from their owner, so they are stable."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

HSDS_VERSION = "3.1"
NAMESPACE = UUID("6f1f4f5e-2b8e-4d56-9b0e-6b6f6b6f6b6f")
CATEGORY_TAXONOMY_ID = uuid5(NAMESPACE, "taxonomy:category")
COURSE_TYPE_TAXONOMY_ID = uuid5(NAMESPACE, "taxonomy:course_type")
SEAT_UNIT = {"id": str(uuid5(NAMESPACE, "unit:seat")), "name": "Kursplatz"}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
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
STATUS = {"published": "active", "archived": "inactive", "draft": "inactive"}
ATTENDING = {"in_person": "in_person", "online": "online", "hybrid": "hybrid"}

Row = Mapping[Any, Any]


_NAMESPACE_BYTES = NAMESPACE.bytes


def _id(*parts: object) -> str:
    """uuid5(NAMESPACE, "a:b:c") as a string, without building UUID objects (the export derives
    about ten per service)."""
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + ":".join(str(p) for p in parts).encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    """HSDS fields are optional unless required; absent is clearer than null."""
    return {k: v for k, v in obj.items() if v is not None}


def category_term_id(code: str) -> str:
    return _id("category", code)


def label(labels: Mapping[str, str] | None, language: str, fallback: str) -> str:
    if not labels:
        return fallback
    primary = language.split("-")[0]
    return labels.get(language) or labels.get(primary) or labels.get("de") or fallback


def organization(row: Row, translated: Mapping[str, str] | None = None) -> dict[str, Any]:
    translated = translated or {}
    name = row["name"] if "name" in row else row["organization_name"]
    description = row.get("description", row.get("organization_description"))
    return _compact(
        {
            "id": str(row["id"] if "name" in row else row["provider_id"]),
            "name": name,
            "description": translated.get("description") or description or name,
            "email": row.get("email", row.get("organization_email")) or None,
            "website": row.get("website", row.get("organization_website")) or None,
        }
    )


def organization_full(
    row: Row,
    translated: Mapping[str, str],
    services: Sequence[Row],
    locations: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    result = organization(row, translated)
    identifiers = []
    if row.get("bamf_provider_number"):
        identifiers.append(
            {
                "id": _id("org-identifier", row["id"], "bamf"),
                "organization_id": str(row["id"]),
                "identifier_scheme": "DE-BAMF",
                "identifier_type": "BAMF-Trägernummer",
                "identifier": row["bamf_provider_number"],
            }
        )
    if row.get("kursnet_provider_id"):
        identifiers.append(
            {
                "id": _id("org-identifier", row["id"], "kursnet"),
                "organization_id": str(row["id"]),
                "identifier_scheme": "DE-KURSNET",
                "identifier_type": "KURSNET-Anbieter-ID",
                "identifier": row["kursnet_provider_id"],
            }
        )
    result["organization_identifiers"] = identifiers
    result["phones"] = (
        [{"id": _id("phone", row["id"]), "organization_id": str(row["id"]), "number": row["phone"]}]
        if row.get("phone")
        else []
    )
    result["locations"] = list(locations)
    result["services"] = [
        {
            "id": str(s["id"]),
            "name": s["title"],
            "description": s["description"],
            "status": STATUS[s["status"]],
        }
        for s in services
    ]
    return result


def location(row: Row, translated: Mapping[str, str] | None = None) -> dict[str, Any]:
    translated = translated or {}
    location_id = str(row["id"])
    addresses = []
    if row.get("street") and row.get("postal_code"):
        addresses.append(
            {
                "id": _id("address", location_id),
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
                "id": _id("accessibility", location_id),
                "location_id": location_id,
                "description": "barrierefrei" if row["barrier_free"] else "nicht barrierefrei",
            }
        )
    schedules = [
        _compact(
            {
                "id": _id("opening", location_id, index),
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
    return _compact(
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
        "valid_from": _iso(run["start_date"]),
        "valid_to": _iso(run["end_date"]),
        "dtstart": _iso(run["start_date"]),
        "attending_type": attending_type,
        "description": f"Kursbeginn {run['start_date'].strftime('%d.%m.%Y')}",
    }
    result = []
    for index, (days, starts, ends) in enumerate(_slot_groups(run["weekly_slots"] or [])):
        result.append(
            _compact(
                {
                    **base,
                    "id": _id("schedule", run["id"], index),
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": ",".join(days),
                    "opens_at": starts or None,
                    "closes_at": ends or None,
                    "until": _iso(run["end_date"]),
                }
            )
        )
    if not result and run["schedule_rrule"]:
        parts = _rrule_parts(run["schedule_rrule"])
        freq = parts.get("FREQ")
        result.append(
            _compact(
                {
                    **base,
                    "id": _id("schedule", run["id"], 0),
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
        result.append(_compact({**base, "id": _id("schedule", run["id"], 0)}))
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
        "updated": _iso(updated),
    }


def category_term(row: Row, language: str, by_code: Mapping[str, Row]) -> dict[str, Any]:
    return _category_term(
        row["code"],
        row["parent_code"],
        _frozen(row["label"]),
        language,
        row["parent_code"] in by_code,
    )


def _frozen(labels: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((labels or {}).items()))


@lru_cache(maxsize=4096)
def _category_term(
    code: str,
    parent: str | None,
    labels: tuple[tuple[str, str], ...],
    language: str,
    parent_known: bool,
) -> dict[str, Any]:
    """Shared by every service of a category (callers must not mutate it)."""
    row: dict[str, Any] = {"code": code, "parent_code": parent, "label": dict(labels)}
    return _category_term_uncached(row, language, parent_known)


def _category_term_uncached(row: Row, language: str, parent_known: bool) -> dict[str, Any]:
    name = label(row["label"], language, row["code"])
    parent = row["parent_code"]
    return _compact(
        {
            "id": category_term_id(row["code"]),
            "code": row["code"],
            "name": name,
            "description": label(row["label"], "de", row["code"]),
            "parent_id": category_term_id(parent) if parent and parent_known else None,
            "taxonomy": "Koko-Angebotskategorien",
            "taxonomy_id": str(CATEGORY_TAXONOMY_ID),
            "language": language,
        }
    )


def course_type_term(row: Row, language: str) -> dict[str, Any]:
    return _course_type_term(
        row["id"],
        row["code"],
        _frozen(row["label"]),
        row["entry_level"],
        row["target_level"],
        language,
    )


@lru_cache(maxsize=4096)
def _course_type_term(
    type_id: UUID,
    code: str,
    labels: tuple[tuple[str, str], ...],
    entry_level: str | None,
    target_level: str | None,
    language: str,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": type_id,
        "code": code,
        "label": dict(labels),
        "entry_level": entry_level,
        "target_level": target_level,
    }
    name = label(row["label"], language, row["code"])
    levels = "–".join(x for x in (row["entry_level"], row["target_level"]) if x)
    description = label(row["label"], "de", row["code"]) + (f" ({levels})" if levels else "")
    return _compact(
        {
            "id": str(row["id"]),
            "code": row["code"],
            "name": name,
            "description": description,
            "taxonomy": "Kursarten (BAMF/KURSNET)",
            "taxonomy_id": str(COURSE_TYPE_TAXONOMY_ID),
            "language": language,
        }
    )


def taxonomies() -> list[dict[str, Any]]:
    return [
        {
            "id": str(CATEGORY_TAXONOMY_ID),
            "name": "Koko-Angebotskategorien",
            "description": "Kategorien der Bildungskette: frühkindliche Bildung, Schule, "
            "Sprachkurse, berufliche Orientierung und Qualifizierung, Hochschulzugang, "
            "Beratung, Anerkennung, Freizeit.",
            "version": "1",
        },
        {
            "id": str(COURSE_TYPE_TAXONOMY_ID),
            "name": "Kursarten (BAMF/KURSNET)",
            "description": "Datierte Codeliste der Integrations- und Berufssprachkurse mit "
            "GER-Einstiegs- und Zielniveau.",
            "version": "1",
        },
    ]


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
                "id": _id("attribute", service_id, "category"),
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
                "id": _id("attribute", service_id, "course_type"),
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
    return _compact(
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
            "last_modified": _iso(row["modified_at"] or row["updated_at"]),
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
        [{"id": _id("phone", service_id), "service_id": service_id, "number": row["contact_phone"]}]
        if row["contact_phone"]
        else []
    )
    result["schedules"] = [s for run in runs for s in schedules(service_id, run, attending)]
    result["capacities"] = [c for run in runs if (c := capacity(service_id, run)) is not None]
    result["languages"] = [
        {
            "id": _id("language", service_id, code),
            "service_id": service_id,
            "name": LANGUAGE_NAMES.get(code, code),
            "code": code,
            "note": "Unterrichtssprache",
        }
        for code in row["instruction_languages"] or []
    ] + [
        {
            "id": _id("support-language", service_id, code),
            "service_id": service_id,
            "name": LANGUAGE_NAMES.get(code, code),
            "code": code,
            "note": "Unterstützung in dieser Sprache",
        }
        for code in row["support_languages"] or []
    ]
    result["cost_options"] = [
        {
            "id": _id("cost", service_id, option),
            "service_id": service_id,
            "option": COST_LABELS.get(option, option),
            "currency": "EUR",
        }
        for option in row["cost_options"] or []
    ]
    result["funding"] = [
        {
            "id": _id("funding", service_id, option),
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


def service_at_location_id(service_id: str, location_id: str) -> str:
    return _id("service-at-location", service_id, location_id)


def service_at_location(service_id: str, location_obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": service_at_location_id(service_id, location_obj["id"]),
        "service_id": service_id,
        "location_id": location_obj["id"],
        "location": location_obj,
    }


def page(
    contents: list[dict[str, Any]], *, total: int, page_number: int, per_page: int
) -> dict[str, Any]:
    total_pages = (total + per_page - 1) // per_page if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
