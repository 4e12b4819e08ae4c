"""Questions of the demo studies' instruments."""

from __future__ import annotations

from typing import Any

DESTINATIONS = {
    "school": ("Weiterführende Schule", "Further schooling"),
    "prep": ("Berufsvorbereitung", "Vocational preparation"),
    "training": ("Ausbildung", "Vocational training"),
    "university": ("Studium", "University"),
    "work": ("Arbeit", "Work"),
    "searching": ("Suchend / ohne Tätigkeit", "Searching / not active"),
    "other": ("Sonstiges", "Other"),
}
LEVELS = ("none", "A1", "A2", "B1", "B2", "C1")


def _choices(items: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"code": code, "label": {"de": de, "en": en}} for code, (de, en) in items.items()]


VERBLEIB: list[dict[str, Any]] = [
    {
        "name": "destination",
        "type": "select_one",
        "required": True,
        "label": {
            "de": "Verbleib nach der Schule",
            "en": "Destination after school",
            "ar": "الوجهة بعد المدرسة",
        },
        "choices": _choices(DESTINATIONS),
    },
    {
        "name": "other_destination",
        "type": "text",
        "label": {"de": "Sonstiger Verbleib", "en": "Other destination"},
        "relevant": "${destination} = 'other'",
    },
    {
        "name": "certificate",
        "type": "select_one",
        "label": {"de": "Abschluss", "en": "School certificate"},
        "choices": _choices(
            {
                "none": ("ohne Abschluss", "none"),
                "hsa": ("Hauptschulabschluss", "lower secondary"),
                "rsa": ("Realschulabschluss", "intermediate"),
                "abi": ("Abitur", "upper secondary"),
            }
        ),
    },
    {
        "name": "german_level",
        "type": "select_one",
        "label": {"de": "Deutschniveau", "en": "German level"},
        "choices": [{"code": c, "label": {"de": c}} for c in LEVELS],
    },
    {
        "name": "months_in_germany",
        "type": "integer",
        "label": {"de": "Monate in Deutschland", "en": "Months in Germany"},
        "constraint": ". >= 0 and . <= 240",
    },
    {
        "name": "satisfaction",
        "type": "scale",
        "minimum": 1,
        "maximum": 5,
        "label": {"de": "Zufriedenheit", "en": "Satisfaction"},
    },
]

INTAKE: list[dict[str, Any]] = [
    {
        "name": "german_level",
        "type": "select_one",
        "required": True,
        "label": {"de": "Aktuelles Deutschniveau", "en": "Current German level"},
        "choices": [{"code": c, "label": {"de": c}} for c in LEVELS],
    },
    {
        "name": "seeking_course",
        "type": "boolean",
        "required": True,
        "label": {"de": "Sucht einen Sprachkurs", "en": "Looking for a language course"},
    },
    {
        "name": "schooling_years",
        "type": "integer",
        "label": {"de": "Schuljahre im Herkunftsland", "en": "Years of schooling"},
        "constraint": ". >= 0 and . <= 20",
    },
    {
        "name": "languages",
        "type": "select_multiple",
        "label": {"de": "Sprachen", "en": "Languages"},
        "choices": [
            {"code": c, "label": {"de": c}}
            for c in ("ar", "uk", "ru", "fa", "ps", "tr", "en", "de")
        ],
    },
    {"name": "arrival_date", "type": "date", "label": {"de": "Ankunft", "en": "Arrival"}},
    {
        "name": "hours_available",
        "type": "decimal",
        "label": {"de": "Stunden pro Woche", "en": "Hours per week"},
    },
]
