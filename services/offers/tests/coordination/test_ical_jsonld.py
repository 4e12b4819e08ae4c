"""iCalendar of course starts and schema.org JSON-LD of an offer."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import orjson
from icalendar import Calendar

from koko_shared.graphql.ids import local_id, to_global_id

from .conftest import BOERDE, MAGDEBURG, Catalogue

COURSE_RUNS = """
query($filter: CourseRunFilter, $after: String) {
  courseRuns(first: 100, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node { id startDate } }
  }
}
"""


async def _graphql_starts(client: httpx.AsyncClient, flt: dict[str, Any]) -> set[tuple[str, str]]:
    starts: set[tuple[str, str]] = set()
    after = None
    while True:
        response = await client.post(
            "/graphql", json={"query": COURSE_RUNS, "variables": {"filter": flt, "after": after}}
        )
        body = response.json()
        assert "errors" not in body, body
        page = body["data"]["courseRuns"]
        starts |= {
            (str(local_id(e["node"]["id"], "CourseRun")), e["node"]["startDate"])
            for e in page["edges"]
        }
        if not page["pageInfo"]["hasNextPage"]:
            return starts
        after = page["pageInfo"]["endCursor"]


def _ical_starts(calendar: Calendar) -> set[tuple[str, str]]:
    return {
        (
            str(event["uid"]).removeprefix("course-run-").removesuffix("@koko"),
            event.decoded("dtstart").isoformat(),
        )
        for event in calendar.walk("VEVENT")
    }


async def test_ical_has_one_event_per_course_run_like_graphql(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given: runs in Magdeburg (one in an area, one without capacity), a draft, another region
    north = await catalogue.area(MAGDEBURG, "NORD", "Neue Neustadt")
    offer, run = await catalogue.language_course(
        start=date(2027, 1, 11), capacity_max=16, seats_booked=4, area=north
    )
    await catalogue.run(offer, date(2027, 3, 1), capacity_max=None)
    await catalogue.language_course(start=date(2027, 2, 1), code="BSK_A2", level="A2")
    draft_provider = await catalogue.provider()
    draft = await catalogue.offer(draft_provider, title="Entwurf", status="draft")
    await catalogue.run(draft, date(2027, 1, 4))
    await catalogue.language_course(region_ars=BOERDE, start=date(2027, 1, 5), city="Wolmirstedt")
    # when
    response = await client.get("/feeds/course-starts.ics", params={"region": MAGDEBURG})
    graphql = await _graphql_starts(client, {"regionArs": MAGDEBURG})
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert _ical_starts(calendar) == graphql
    assert len(graphql) == 3
    event = next(e for e in calendar.walk("VEVENT") if str(e["uid"]) == f"course-run-{run.id}@koko")
    assert isinstance(event.decoded("dtstart"), date)
    assert str(event["summary"]) == "Kursbeginn: Allgemeiner Integrationskurs B1"
    assert "Freie Plätze: 12 von 16" in str(event["description"])
    assert "Mo 08:30–12:45" in str(event["description"])
    assert "Leibnizstraße 23" in str(event["location"])
    assert str(event["url"]).startswith("https://")


async def test_ical_filters_match_graphql_filters(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    north = await catalogue.area(MAGDEBURG, "NORD", "Neue Neustadt")
    await catalogue.language_course(start=date(2027, 1, 11), code="BSK_A2", level="A2", area=north)
    await catalogue.language_course(start=date(2027, 1, 12), code="BSK_A2", level="A2")
    await catalogue.language_course(start=date(2027, 1, 13), level="B1", area=north)
    other = await catalogue.category("counselling", "Beratung")
    provider = await catalogue.provider()
    counselling = await catalogue.offer(provider, title="Beratung", category=other)
    await catalogue.run(counselling, date(2027, 1, 14))
    # when
    a2_north = await client.get(
        "/feeds/course-starts.ics",
        params={"region": MAGDEBURG, "level": "A2", "area": "NORD", "courseType": "BSK_A2"},
    )
    language = await client.get(
        "/feeds/course-starts.ics", params={"region": MAGDEBURG, "category": "language_course"}
    )
    graphql = await _graphql_starts(
        client,
        {"regionArs": MAGDEBURG, "levels": ["A2"], "areas": ["NORD"], "courseTypes": ["BSK_A2"]},
    )
    bad = await client.get("/feeds/course-starts.ics", params={"region": MAGDEBURG, "level": "Z9"})
    # then
    assert _ical_starts(Calendar.from_ical(a2_north.content)) == graphql
    assert len(graphql) == 1
    assert len(Calendar.from_ical(language.content).walk("VEVENT")) == 3
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


async def test_jsonld_is_a_schema_org_course_with_instances(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    offer, run = await catalogue.language_course(
        start=date(2027, 1, 11), capacity_max=16, seats_booked=16, end_date=date(2027, 7, 30)
    )
    await catalogue.run(offer, date(2027, 4, 12), capacity_max=20, seats_booked=5)
    # when
    response = await client.get(f"/offers/{offer.id}.jsonld")
    by_global_id = await client.get(f"/offers/{to_global_id('Offer', offer.id)}.jsonld")
    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert response.headers["access-control-allow-origin"] == "*"
    course = orjson.loads(response.content)
    assert course["@context"] == "https://schema.org"
    assert course["@type"] == "Course"
    for required in ("name", "description", "provider", "hasCourseInstance"):
        assert course[required], required
    assert course["provider"]["@type"] == "Organization"
    assert course["educationalLevel"] == "B1"
    assert course["inLanguage"] == "de"
    first, second = course["hasCourseInstance"]
    assert first["@type"] == "CourseInstance"
    assert (first["startDate"], first["endDate"]) == ("2027-01-11", "2027-07-30")
    assert first["courseMode"] == "onsite"
    assert first["location"]["@type"] == "Place"
    assert first["location"]["address"]["addressLocality"] == "Magdeburg"
    assert (first["maximumAttendeeCapacity"], first["remainingAttendeeCapacity"]) == (16, 0)
    assert {o["availability"] for o in first["offers"]} == {"https://schema.org/SoldOut"}
    assert second["remainingAttendeeCapacity"] == 15
    assert first["courseSchedule"][0]["byDay"] == "https://schema.org/Monday"
    assert by_global_id.json()["@id"] == course["@id"]
    assert run.id


async def test_jsonld_of_draft_or_unknown_offer_is_not_found(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    provider = await catalogue.provider()
    draft = await catalogue.offer(provider, status="draft")
    assert (await client.get(f"/offers/{draft.id}.jsonld")).status_code == 404
    # an id that names no offer at all is answered like an unknown one
    assert (await client.get("/offers/garbage.jsonld")).status_code == 404
