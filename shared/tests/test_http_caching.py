"""Conditional request rules of koko_shared.http_caching (RFC 9110 section 13)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request

from koko_shared.http_caching import cached_response, is_not_modified


def _request(method: str = "GET", **headers: str) -> Request:
    raw = [
        (name.replace("_", "-").lower().encode(), value.encode()) for name, value in headers.items()
    ]
    return Request(
        {"type": "http", "method": method, "headers": raw, "path": "/", "query_string": b""}
    )


MOMENT = datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=UTC)


def test_if_none_match_wins_over_if_modified_since() -> None:
    # given: a stale tag but a recent date
    request = _request(if_none_match='"old"', if_modified_since="Sat, 01 Jan 2100 00:00:00 GMT")
    # then: the tag decides
    assert not is_not_modified(request, etag='"new"', last_modified=MOMENT)


def test_star_weak_tags_and_lists_match() -> None:
    assert is_not_modified(_request(if_none_match="*"), etag='"a"', last_modified=None)
    assert is_not_modified(_request(if_none_match='"b", W/"a"'), etag='"a"', last_modified=None)
    assert not is_not_modified(_request(if_none_match='"b"'), etag='"a"', last_modified=None)


def test_if_modified_since_compares_whole_seconds_and_ignores_bad_dates() -> None:
    same_second = "Wed, 04 Mar 2026 05:06:07 GMT"
    assert is_not_modified(
        _request(if_modified_since=same_second), etag='"a"', last_modified=MOMENT
    )
    earlier = "Wed, 04 Mar 2026 05:06:06 GMT"
    assert not is_not_modified(
        _request(if_modified_since=earlier), etag='"a"', last_modified=MOMENT
    )
    assert not is_not_modified(_request(if_modified_since="soon"), etag='"a"', last_modified=MOMENT)
    assert not is_not_modified(
        _request(if_modified_since=same_second), etag='"a"', last_modified=None
    )


def test_only_safe_methods_are_answered_with_304() -> None:
    assert not is_not_modified(_request("POST", if_none_match="*"), etag='"a"', last_modified=None)


def test_cached_response_sets_the_validators_and_answers_304_without_a_body() -> None:
    # given
    fresh = cached_response(
        _request(), b"{}", media_type="application/json", max_age=60, last_modified=MOMENT
    )
    # when
    again = cached_response(
        _request(if_none_match=fresh.headers["etag"]),
        b"{}",
        media_type="application/json",
        max_age=60,
    )
    # then
    assert fresh.status_code == 200
    assert fresh.headers["cache-control"] == "public, max-age=60"
    assert fresh.headers["last-modified"] == "Wed, 04 Mar 2026 05:06:07 GMT"
    assert again.status_code == 304 and again.body == b""
    assert again.headers["etag"] == fresh.headers["etag"]
