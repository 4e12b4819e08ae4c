"""Caching of every feed response (HSDS, iCalendar, monthly overview): ETag, Last-Modified,
Cache-Control, and 304 Not Modified on If-None-Match and If-Modified-Since."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from .conftest import MAGDEBURG, Catalogue

FEEDS = [
    ("/hsds/services", {}),
    ("/hsds/services", {"full": "true", "lang": "en"}),
    ("/hsds/services", {"format": "ndjson"}),
    ("/hsds/organizations", {}),
    ("/hsds/service_at_locations", {}),
    ("/hsds/taxonomies", {}),
    ("/hsds/taxonomy_terms", {}),
    ("/feeds/course-starts.ics", {"region": MAGDEBURG}),
    ("/reports/language-courses", {"region": MAGDEBURG, "month": "2027-02"}),
    ("/reports/language-courses", {"region": MAGDEBURG, "month": "2027-02", "format": "pdf"}),
    ("/reports/language-courses", {"region": MAGDEBURG, "month": "2027-02", "format": "csv"}),
]


@pytest.mark.parametrize(("path", "params"), FEEDS)
async def test_every_feed_answers_a_conditional_request_with_304(
    client: httpx.AsyncClient, catalogue: Catalogue, path: str, params: dict[str, str]
) -> None:
    # given: a published course
    await catalogue.language_course(start=date(2027, 2, 1))
    first = await client.get(path, params=params)
    etag = first.headers["etag"]
    # when: the client asks again with its validator, with a weak form of it, or with a list
    again = await client.get(path, params=params)
    revalidated = await client.get(path, params=params, headers={"If-None-Match": etag})
    weakly = await client.get(path, params=params, headers={"If-None-Match": f'"x", W/{etag}'})
    other = await client.get(path, params=params, headers={"If-None-Match": '"other"'})
    # then
    assert first.status_code == 200, first.text
    assert etag.startswith('"') and etag.endswith('"')  # strong
    assert again.headers["etag"] == etag  # the same content gets the same validator
    assert first.headers["cache-control"].startswith("public, max-age=")
    assert revalidated.status_code == 304 and revalidated.content == b""
    assert revalidated.headers["etag"] == etag
    assert revalidated.headers["cache-control"] == first.headers["cache-control"]
    assert weakly.status_code == 304
    assert other.status_code == 200 and other.content


async def test_last_modified_is_the_latest_change_and_if_modified_since_is_honoured(
    client: httpx.AsyncClient, catalogue: Catalogue, session: AsyncSession
) -> None:
    # given: a course whose rows changed at known moments, the run last
    offer, run = await catalogue.language_course(start=date(2027, 2, 1))
    changed = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    offer.updated_at = changed - timedelta(days=2)
    run.updated_at = changed
    await session.flush()
    feeds = [
        ("/hsds/services", {}),
        (f"/hsds/services/{offer.id}", {}),
        ("/feeds/course-starts.ics", {"region": MAGDEBURG}),
        ("/reports/language-courses", {"region": MAGDEBURG, "month": "2027-02"}),
    ]
    for path, params in feeds:
        # when
        response = await client.get(path, params=params)
        modified = response.headers["last-modified"]
        since_then = await client.get(path, params=params, headers={"If-Modified-Since": modified})
        before = format_datetime(changed - timedelta(seconds=1), usegmt=True)
        earlier = await client.get(path, params=params, headers={"If-Modified-Since": before})
        garbage = await client.get(path, params=params, headers={"If-Modified-Since": "gestern"})
        # then
        assert parsedate_to_datetime(modified) >= changed, path
        assert since_then.status_code == 304, path
        assert earlier.status_code == 200, path
        assert garbage.status_code == 200, path


async def test_a_change_gives_a_new_validator(
    client: httpx.AsyncClient, catalogue: Catalogue, session: AsyncSession
) -> None:
    # given: a client holding the validators of the feeds
    offer, run = await catalogue.language_course(start=date(2027, 2, 1), capacity_max=18)
    paths = [
        ("/hsds/services", {"full": "true"}),
        ("/hsds/services", {"format": "ndjson"}),
        ("/feeds/course-starts.ics", {"region": MAGDEBURG}),
        ("/reports/language-courses", {"region": MAGDEBURG, "month": "2027-02", "format": "pdf"}),
    ]
    held = {
        (path, str(params)): (await client.get(path, params=params)).headers["etag"]
        for path, params in paths
    }
    # when: seats are booked
    run.seats_booked = 17
    run.updated_at = datetime.now(UTC)
    await session.flush()
    # then: every feed answers with the new content, not 304
    for path, params in paths:
        response = await client.get(
            path, params=params, headers={"If-None-Match": held[(path, str(params))]}
        )
        assert response.status_code == 200, path
        assert response.headers["etag"] != held[(path, str(params))], path
    assert offer.id
