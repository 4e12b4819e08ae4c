"""What every HSDS 3.1 object mapping shares: stable derived ids (UUIDv5 from the owner, for
objects Koko has no table for: schedules, languages, phones, attributes ...), label choice by
language, the status vocabulary and the paged list envelope."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

HSDS_VERSION = "3.1"
NAMESPACE = UUID("6f1f4f5e-2b8e-4d56-9b0e-6b6f6b6f6b6f")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STATUS = {"published": "active", "archived": "inactive", "draft": "inactive"}

Row = Mapping[Any, Any]


_NAMESPACE_BYTES = NAMESPACE.bytes


def derived_id(*parts: object) -> str:
    """uuid5(NAMESPACE, "a:b:c") as a string, without building UUID objects (the export derives
    about ten per service)."""
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + ":".join(str(p) for p in parts).encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def compact(obj: dict[str, Any]) -> dict[str, Any]:
    """HSDS fields are optional unless required; absent is clearer than null."""
    return {k: v for k, v in obj.items() if v is not None}


def label(labels: Mapping[str, str] | None, language: str, fallback: str) -> str:
    if not labels:
        return fallback
    primary = language.split("-")[0]
    return labels.get(language) or labels.get(primary) or labels.get("de") or fallback


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
