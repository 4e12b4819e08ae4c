"""Providers as HSDS 3.1 organizations, with their identifiers, phones, locations and services."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from koko_offers.hsds.mapping.common import STATUS, Row, compact, derived_id


def organization(row: Row, translated: Mapping[str, str] | None = None) -> dict[str, Any]:
    translated = translated or {}
    name = row["name"] if "name" in row else row["organization_name"]
    description = row.get("description", row.get("organization_description"))
    return compact(
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
                "id": derived_id("org-identifier", row["id"], "bamf"),
                "organization_id": str(row["id"]),
                "identifier_scheme": "DE-BAMF",
                "identifier_type": "BAMF-Trägernummer",
                "identifier": row["bamf_provider_number"],
            }
        )
    if row.get("kursnet_provider_id"):
        identifiers.append(
            {
                "id": derived_id("org-identifier", row["id"], "kursnet"),
                "organization_id": str(row["id"]),
                "identifier_scheme": "DE-KURSNET",
                "identifier_type": "KURSNET-Anbieter-ID",
                "identifier": row["kursnet_provider_id"],
            }
        )
    result["organization_identifiers"] = identifiers
    result["phones"] = (
        [
            {
                "id": derived_id("phone", row["id"]),
                "organization_id": str(row["id"]),
                "number": row["phone"],
            }
        ]
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
