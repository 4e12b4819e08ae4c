"""Input checks every catalogue domain uses: string limits taken from the table columns, code
lists, language tags, ids, web and mail addresses, ages, coordinates, weekly time slots.
Each check adds violations to a collector instead of raising, so a client sees every mistake
of one input at once; the service raises them before it touches the database."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlmodel import SQLModel

from koko_offers.errors import Violations, invalid
from koko_offers.region.validation import validate_ars
from koko_shared.errors import ErrorCode, InvalidInput
from koko_shared.graphql.ids import from_global_id
from koko_shared.i18n import is_language_tag, normalize_tag

MAX_LIST_ENTRIES = 50
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTAL_CODE = re.compile(r"^[0-9]{5}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def column_limit(model: type[SQLModel], column: str) -> int | None:
    length = getattr(model.__table__.c[column].type, "length", None)  # type: ignore[attr-defined]
    return int(length) if length else None


def decode_id(global_id: str, expected_type: str, field: str) -> UUID:
    """A Relay global id of `expected_type`; a malformed id or one of another type is
    BAD_USER_INPUT."""
    try:
        type_name, local = from_global_id(global_id, field=field)
    except InvalidInput as exc:
        raise invalid(field, "invalid_id", value=global_id[:60]) from exc
    if type_name != expected_type:
        raise invalid(field, "wrong_id_type", value=global_id[:60], expected=expected_type)
    return local


def check_lengths(
    problems: Violations, model: type[SQLModel], values: dict[str, Any], *, prefix: str = ""
) -> None:
    """Every string value within its column's limit; required text columns not blank."""
    table = model.__table__  # type: ignore[attr-defined]
    for name, value in values.items():
        if name not in table.c or not isinstance(value, str):
            continue
        limit = column_limit(model, name)
        field = prefix + camel(name)
        if limit is not None and len(value) > limit:
            problems.add(ErrorCode.TOO_LONG, "too_long", field, limit=limit, length=len(value))
        elif not table.c[name].nullable and not value.strip() and name in _REQUIRED_TEXT:
            problems.add(ErrorCode.BAD_USER_INPUT, "required", field)


# Text columns that must carry content (others, such as `description`, may be empty).
_REQUIRED_TEXT = frozenset({"name", "title", "city", "goal"})


def check_code_list(
    problems: Violations, field: str, values: Iterable[str] | str | None, allowed: Sequence[str]
) -> None:
    if values is None:
        return
    for value in [values] if isinstance(values, str) else values:
        if value not in allowed:
            problems.invalid(
                field, "not_in_code_list", value=str(value)[:60], allowed=", ".join(allowed)
            )
            return


def check_list_size(problems: Violations, field: str, values: Sequence[Any] | None) -> None:
    if values is not None and len(values) > MAX_LIST_ENTRIES:
        problems.invalid(field, "too_many", limit=MAX_LIST_ENTRIES, count=len(values))


def language_tags(problems: Violations, field: str, values: Sequence[str] | None) -> list[str]:
    """Normalized, de-duplicated BCP 47 tags (order kept); malformed tags are violations."""
    if values is None:
        return []
    if len(values) > MAX_LIST_ENTRIES:
        check_list_size(problems, field, values)
        return []
    tags: list[str] = []
    for value in values:
        if not is_language_tag(value):
            problems.invalid(field, "invalid_language_tag", value=value[:40])
            continue
        tag = normalize_tag(value)
        if tag not in tags:
            tags.append(tag)
    return tags


def check_ars(problems: Violations, field: str, value: str | None) -> None:
    if value is None:
        return
    try:
        validate_ars(value, field=field)
    except InvalidInput:
        problems.invalid(field, "invalid_ars", value=value[:40])


def check_url(problems: Violations, field: str, value: str | None) -> None:
    if value and not _URL.match(value):
        problems.invalid(field, "invalid_url", value=value[:80])


def check_email(problems: Violations, field: str, value: str | None) -> None:
    if value and not _EMAIL.match(value):
        problems.invalid(field, "invalid_email", value=value[:80])


def check_postal_code(problems: Violations, field: str, value: str | None) -> None:
    if value and not _POSTAL_CODE.match(value):
        problems.invalid(field, "invalid_postal_code", value=value[:20])


def check_non_negative(problems: Violations, field: str, value: int | None, limit: int) -> None:
    if value is None:
        return
    if value < 0:
        problems.invalid(field, "negative")
    elif value > limit:
        problems.invalid(field, "number_too_large", limit=limit)


def check_coordinates(
    problems: Violations, lat: float | None, lon: float | None, *, prefix: str = ""
) -> None:
    if (lat is None) != (lon is None):
        problems.invalid(prefix + ("lon" if lon is None else "lat"), "coordinates_pair")
    if lat is not None and not -90 <= lat <= 90:
        problems.invalid(prefix + "lat", "lat_range")
    if lon is not None and not -180 <= lon <= 180:
        problems.invalid(prefix + "lon", "lon_range")


def check_time_slots(
    problems: Violations, field: str, slots: Sequence[dict[str, Any]], start: str, end: str
) -> None:
    """Weekly slots as stored: [{"weekday": 1..7, start: "HH:MM", end: "HH:MM"}]."""
    check_list_size(problems, field, slots)
    for index, slot in enumerate(slots):
        path = f"{field}.{index}"
        if not 1 <= int(slot["weekday"]) <= 7:
            problems.invalid(f"{path}.weekday", "invalid_weekday")
        times_valid = True
        for key in (start, end):
            if not _TIME.match(str(slot[key])):
                problems.invalid(f"{path}.{camel(key)}", "invalid_time", value=str(slot[key])[:20])
                times_valid = False
        if times_valid and slot[start] >= slot[end]:
            problems.invalid(f"{path}.{camel(end)}", "time_order")
