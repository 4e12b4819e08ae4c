"""The two Koko taxonomies (offer categories, course types) and their terms in HSDS 3.1."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

from koko_offers.hsds.mapping.common import NAMESPACE, Row, compact, derived_id, label

CATEGORY_TAXONOMY_ID = uuid5(NAMESPACE, "taxonomy:category")
COURSE_TYPE_TAXONOMY_ID = uuid5(NAMESPACE, "taxonomy:course_type")


def category_term_id(code: str) -> str:
    return derived_id("category", code)


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
    return compact(
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
    return compact(
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
