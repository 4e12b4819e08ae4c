"""Helpers of the export tests: read an export like an analyst would and count its groups
independently of the service (k, multisets of released records)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

import httpx


async def export(
    client: httpx.AsyncClient, study_id: Any, headers: dict[str, str], **params: Any
) -> httpx.Response:
    return await client.get(f"/v1/studies/{study_id}/submissions", params=params, headers=headers)


async def all_records(
    client: httpx.AsyncClient, study_id: Any, headers: dict[str, str], **params: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A new export read to its last page: (first page's body, every record)."""
    response = await export(client, study_id, headers, **params)
    assert response.status_code == 200, response.text
    first = response.json()
    records = list(first["items"])
    cursor = first["nextCursor"]
    while cursor:
        page = await export(client, study_id, headers, after=cursor)
        assert page.status_code == 200, page.text
        records.extend(page.json()["items"])
        cursor = page.json()["nextCursor"]
    return first, records


def released_key(record: dict[str, Any], non_identifying: Iterable[str] = ()) -> str:
    """Everything a record releases about a person except its id and non-identifying answers:
    what k must hold over."""
    skip = set(non_identifying)
    waves: dict[str, Any] = {}
    for code, entry in record["waves"].items():
        if entry is None:
            waves[code] = None
            continue
        waves[code] = {
            "attributes": entry["attributes"],
            "submitted": entry.get("submitted"),
            "instrumentVersion": entry.get("instrumentVersion"),
            "answers": {q: v for q, v in entry["answers"].items() if q not in skip},
        }
    return json.dumps(waves, sort_keys=True)


def group_sizes(records: list[dict[str, Any]], non_identifying: Iterable[str] = ()) -> Counter[str]:
    return Counter(released_key(r, non_identifying) for r in records)


def smallest_group(records: list[dict[str, Any]], non_identifying: Iterable[str] = ()) -> int:
    return min(group_sizes(records, non_identifying).values())


def multiset_difference(
    later: list[dict[str, Any]], earlier: list[dict[str, Any]]
) -> dict[str, int]:
    """Per released record (id ignored): how many more the later export holds than the earlier
    one (negative: fewer). What an analyst gets by comparing two exports."""
    after, before = group_sizes(later), group_sizes(earlier)
    return {
        key: after[key] - before[key]
        for key in after.keys() | before.keys()
        if after[key] != before[key]
    }
