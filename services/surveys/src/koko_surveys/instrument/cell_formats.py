"""The text formats each kind of value accepts, as German spreadsheets really write them.

A value sent as text (every CSV cell; in JSON the strings of dates, date-times and sex) is read
with the formats documented here for its kind; a value that fits none is refused with a message
naming the accepted formats. The codebook (`GET .../codebook`) lists the same table, so what
an integrator reads there is what ingest accepts.

Wall-clock times without an offset in German notation (`20.11.2026 10:00`) are German local
time (Europe/Berlin); ISO 8601 without an offset stays UTC, as before."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from koko_shared.errors import InvalidValue
from koko_shared.i18n import translate

GERMAN_TIME = ZoneInfo("Europe/Berlin")

# Kind -> the formats it accepts, as documented (codebook, docs/surveys-ingest.md).
FORMATS: dict[str, list[str]] = {
    "integer": ["whole number: 17, -3 (JSON: an integer)"],
    "decimal": ["number with a point or a decimal comma: 12.5, 12,5 (JSON: a number)"],
    "scale": ["number from the scale's start to its end: 4, 3,5 (JSON: a number)"],
    "text": ["any text of at most 2000 characters (JSON: a string)"],
    "select_one": ["one code of the question's choices"],
    "select_multiple": [
        "codes of the question's choices separated by spaces (JSON: a list of codes)"
    ],
    "date": ["YYYY-MM-DD: 2024-04-03", "DD.MM.YYYY: 03.04.2024", "DD.MM.YY: 03.04.24"],
    "boolean": [
        "true: true, WAHR, ja, yes, x, 1",
        "false: false, FALSCH, nein, no, 0",
        "(any case; JSON: true or false)",
    ],
    "datetime": [
        "ISO 8601: 2026-11-20T10:00:00Z (no offset: UTC)",
        "DD.MM.YYYY HH:MM[:SS]: 20.11.2026 10:00 (German local time)",
        "DD.MM.YY HH:MM: 20.11.26 10:00 (German local time)",
        "a date alone: 2026-11-20, 20.11.2026 (midnight, German local time for DD.MM.YYYY)",
    ],
    "sex": [
        "f, w, weiblich (female)",
        "m, männlich (male)",
        "d, divers (diverse)",
        "x, ohne Angabe (not stated)",
    ],
    "birth_year": ["four-digit year: 2007 (JSON: an integer)"],
}

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$")
_GERMAN_DATETIME = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$"
)
_TRUE = {"true", "wahr", "ja", "yes", "x", "1"}
_FALSE = {"false", "falsch", "nein", "no", "0"}
_SEXES = {
    "f": "f",
    "w": "f",
    "weiblich": "f",
    "m": "m",
    "männlich": "m",
    "maennlich": "m",
    "d": "d",
    "divers": "d",
    "x": "x",
    "ohne angabe": "x",
}


class AcceptedFormats:
    """The formats of a kind as one phrase of an error message, translated with the message
    (each format is a catalogue message; the codebook lists them as written)."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def message_in(self, language: str) -> str:
        return "; ".join(translate(text, language) for text in FORMATS[self.kind])

    def __str__(self) -> str:
        return self.message_in("en")


def accepted(kind: str) -> AcceptedFormats:
    """The formats of `kind` as one phrase for an error message."""
    return AcceptedFormats(kind)


def _year(text: str) -> int:
    """A two-digit year as Excel reads it: 00–29 are 2000–2029, 30–99 are 1930–1999."""
    value = int(text)
    if len(text) == 4:
        return value
    return 2000 + value if value < 30 else 1900 + value


def read_date(value: Any) -> date:
    text = value.strip() if isinstance(value, str) else None
    if text:
        try:
            return date.fromisoformat(text) if "-" in text else _german_date(text)
        except ValueError:
            pass
    raise InvalidValue("expected a date ({formats})", formats=accepted("date"))


def _german_date(text: str) -> date:
    match = _GERMAN_DATE.match(text)
    if match is None:
        raise ValueError(text)
    day, month, year = match.groups()
    return date(_year(year), int(month), int(day))


def read_datetime(value: Any) -> datetime:
    """A point in time: ISO 8601 (no offset: UTC) or German notation (German local time)."""
    text = value.strip() if isinstance(value, str) else None
    if text:
        try:
            if "." in text[:6] and "-" not in text[:6]:
                return _german_datetime(text)
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    raise InvalidValue("expected a date-time ({formats})", formats=accepted("datetime"))


def _german_datetime(text: str) -> datetime:
    match = _GERMAN_DATETIME.match(text)
    if match is None:
        day_only = _german_date(text)
        midnight = datetime(day_only.year, day_only.month, day_only.day, tzinfo=GERMAN_TIME)
        return midnight.astimezone(UTC)
    day, month, year, hour, minute, second = match.groups()
    local = datetime(
        _year(year), int(month), int(day), int(hour), int(minute), int(second or 0)
    ).replace(tzinfo=GERMAN_TIME)
    return local.astimezone(UTC)


def read_boolean(value: Any) -> bool:
    lowered = value.strip().lower() if isinstance(value, str) else None
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InvalidValue("expected true or false ({formats})", formats=accepted("boolean"))


def read_sex(value: Any) -> str:
    lowered = " ".join(value.split()).lower() if isinstance(value, str) else None
    if lowered is not None and lowered in _SEXES:
        return _SEXES[lowered]
    raise InvalidValue("expected a sex ({formats})", formats=accepted("sex"))
