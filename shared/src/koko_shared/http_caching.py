"""HTTP caching of feed responses (RFC 9110, RFC 9111): a strong ETag, Last-Modified,
Cache-Control, and 304 Not Modified on conditional requests."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response

# Headers a 304 repeats from the 200 it stands for (RFC 9110 section 15.4.5).
_KEPT_ON_304 = ("cache-control", "content-location", "etag", "expires", "vary", "last-modified")


def content_etag(body: bytes) -> str:
    """A strong validator from the exact bytes of a representation."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def version_etag(*parts: object) -> str:
    """A strong validator from what a representation is made of (e.g. the request, the number
    of rows and their latest change), for responses that are streamed and cannot be hashed."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode())
    return '"v' + digest.hexdigest()[:32] + '"'


def latest(moments: Iterable[datetime | None]) -> datetime | None:
    """The latest of `moments` (None ones ignored), or None."""
    present = [m if m.tzinfo else m.replace(tzinfo=UTC) for m in moments if m is not None]
    return max(present) if present else None


def cache_headers(
    *, etag: str, max_age: int, last_modified: datetime | None, private: bool = False
) -> dict[str, str]:
    headers = {
        "ETag": etag,
        "Cache-Control": f"{'private' if private else 'public'}, max-age={max_age}",
    }
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    return headers


def _etags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def is_not_modified(request: Request, *, etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's copy is current. If-None-Match wins over If-Modified-Since (RFC 9110
    section 13.2.2); ETags compare weakly, as GET requires."""
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = _etags(if_none_match)
        return "*" in tags or etag.removeprefix("W/") in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored (RFC 9110 section 13.1.3)
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    # HTTP dates have whole seconds.
    return last_modified.astimezone(UTC).replace(microsecond=0) <= since


def not_modified(headers: Mapping[str, str]) -> Response:
    kept = {name: value for name, value in headers.items() if name.lower() in _KEPT_ON_304}
    return Response(status_code=304, headers=kept)


def cached_response(
    request: Request,
    body: bytes | str,
    *,
    media_type: str,
    max_age: int,
    last_modified: datetime | None = None,
    headers: Mapping[str, str] | None = None,
    private: bool = False,
) -> Response:
    """`body` with caching headers, or 304 when the client's copy (If-None-Match or
    If-Modified-Since) is current. The ETag is computed from the body itself."""
    content = body.encode() if isinstance(body, str) else body
    etag = content_etag(content)
    all_headers = {
        **(headers or {}),
        **cache_headers(etag=etag, max_age=max_age, last_modified=last_modified, private=private),
    }
    if is_not_modified(request, etag=etag, last_modified=last_modified):
        return not_modified(all_headers)
    return Response(content, media_type=media_type, headers=all_headers)
