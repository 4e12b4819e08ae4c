"""What every HSDS response shares: query parameter types, JSON bodies with caching headers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import orjson
from fastapi import Query, Request
from fastapi.responses import Response

from koko_offers.hsds.params import MAX_PAGE, MAX_PER_PAGE
from koko_shared.http.parameters import LANGUAGE_TAG, LANGUAGE_TAG_MAX_LENGTH, documented
from koko_shared.http_caching import cached_response, latest

Page = Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PerPage = Annotated[
    int | None, Query(ge=1, le=MAX_PER_PAGE, description="Results per page, at most 100.")
]
Lang = Annotated[
    str | None,
    documented(
        "Language (BCP 47); else Accept-Language.",
        pattern=LANGUAGE_TAG,
        empty=True,
        max_length=LANGUAGE_TAG_MAX_LENGTH,
    ),
]


# Seats and schedules change during the day; partners poll every few minutes at most.
MAX_AGE = 300


def json_response(
    request: Request,
    content: Any,
    language: str | None = None,
    *,
    last_modified: datetime | None = None,
) -> Response:
    headers = {"Content-Language": language, "Vary": "Accept-Language"} if language else {}
    return cached_response(
        request,
        orjson.dumps(content),
        media_type="application/json",
        max_age=MAX_AGE,
        last_modified=last_modified,
        headers=headers,
    )


def latest_change(rows: list[dict[str, Any]]) -> datetime | None:
    return latest(row.get("modified_at") or row.get("updated_at") for row in rows)
