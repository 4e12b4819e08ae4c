"""iCalendar feed of course starts: one all-day VEVENT per course run (RFC 5545), for calendar
clients and municipal websites. The runs are the same the GraphQL `courseRuns` query returns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from icalendar import Calendar, Event, vGeo
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_run import repository as course_run_repository
from koko_offers.course_run.models import CourseRun
from koko_offers.course_type.models import CEFR_LEVELS
from koko_offers.feeds.language import feed_language
from koko_offers.hsds import repository as feed_repository
from koko_offers.hsds.params import RequiredRegion
from koko_offers.hsds.responses import Lang
from koko_offers.hsds.service import CodeLists
from koko_offers.offer.visibility import PUBLIC_SCOPE
from koko_offers.region import repository as region_repository
from koko_offers.region.validation import validate_ars
from koko_offers.report import wording
from koko_shared.database.read_replica import ReadSessionDep
from koko_shared.errors import InvalidInput, NotFound
from koko_shared.http.openapi import NO_NUL
from koko_shared.http_caching import cached_response, latest
from koko_shared.pagination import PageRequest

router = APIRouter(prefix="/feeds", tags=["feeds"])

# Calendar clients refresh every few hours (REFRESH-INTERVAL below); proxies may keep it briefly.
MAX_AGE = 900
BATCH = 500
# A calendar client downloads the whole file on every refresh; narrower filters beyond this.
MAX_EVENTS = 5000
STATUS = {"cancelled": "CANCELLED", "planned": "TENTATIVE"}


def _slots(slots: list[dict[str, Any]], language: str) -> str:
    parts = []
    for slot in slots or []:
        try:
            weekday = int(slot["weekday"])
            if not 1 <= weekday <= 7:
                continue
            day = wording.weekday_name(language, weekday)
        except (KeyError, ValueError, TypeError):
            continue
        parts.append(f"{day} {slot.get('starts', '')}–{slot.get('ends', '')}")
    return ", ".join(parts)


MAX_VALUES = 50
MAX_VALUE_LENGTH = 200


def _values(description: str, alias: str | None = None) -> Any:
    return Query(
        alias=alias,
        description=f"{description}; repeat the parameter or separate by commas.",
        max_length=None,
        json_schema_extra={
            "maxItems": MAX_VALUES,
            "items": {"type": "string", "maxLength": MAX_VALUE_LENGTH, "pattern": NO_NUL},
        },
    )


def _levels() -> Any:
    level = "(" + "|".join(CEFR_LEVELS) + ")"
    part = f" *{level}? *"
    return Query(
        description="CEFR levels; repeat the parameter or separate by commas.",
        json_schema_extra={
            "maxItems": MAX_VALUES,
            "items": {"type": "string", "pattern": f"^{part}(,{part})*$"},
        },
    )


def _list(
    values: list[str] | None, field: str, allowed: tuple[str, ...] | None = None
) -> list[str]:
    values = values or []
    if len(values) > MAX_VALUES:
        raise InvalidInput(
            "at most {limit} values are allowed", field=field, params={"limit": MAX_VALUES}
        )
    if allowed is None and any(len(value) > MAX_VALUE_LENGTH for value in values):
        raise InvalidInput(
            "a value has at most {limit} characters",
            field=field,
            params={"limit": MAX_VALUE_LENGTH},
        )
    result = [v.strip(" ") for value in values for v in value.split(",") if v.strip(" ")]
    if allowed is not None:
        for value in result:
            if value not in allowed:
                raise InvalidInput(
                    "'{value}' is not one of {expected}",
                    field=field,
                    params={"value": value[:20], "expected": ", ".join(allowed)},
                )
    return result


async def course_start_runs(
    session: AsyncSession,
    *,
    region_ars: str,
    course_types: list[str],
    levels: list[str],
    areas: list[str],
    starts_from: date | None,
    starts_to: date | None,
) -> list[CourseRun]:
    """Every run of published offers matching the filters, by start date (as `courseRuns`)."""
    criteria = course_run_repository.CourseRunCriteria(
        region_ars=region_ars,
        course_type_codes=course_types,
        levels=levels,
        area_codes=areas,
        starts_from=starts_from,
        starts_to=starts_to,
    )
    runs: list[CourseRun] = []
    after: str | None = None
    while len(runs) < MAX_EVENTS:
        page = await course_run_repository.page(
            session, criteria, PUBLIC_SCOPE, PageRequest(size=BATCH, cursor=after)
        )
        runs.extend(page.rows)
        if not page.has_next_page:
            break
        after = page.end_cursor
    return runs


@router.get(
    "/course-starts.ics",
    summary="iCalendar of course starts in a region",
    response_class=Response,
    responses={
        200: {
            "description": "RFC 5545 calendar (at most 5,000 events)",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        304: {"description": "Not modified (conditional request)"},
    },
)
async def course_starts(
    request: Request,
    session: ReadSessionDep,
    region: RequiredRegion,
    category: Annotated[list[str] | None, _values("Category codes")] = None,
    course_type: Annotated[list[str] | None, _values("Course type codes", "courseType")] = None,
    level: Annotated[list[str] | None, _levels()] = None,
    area: Annotated[list[str] | None, _values("Area codes")] = None,
    starts_from: Annotated[date | None, Query(alias="from")] = None,
    starts_to: Annotated[
        date | None,
        Query(alias="to", description="A `to` before `from` is an empty window (no events)."),
    ] = None,
    lang: Lang = None,
) -> Response:
    validate_ars(region, field="region")
    language = feed_language(request, lang)
    region_row = await region_repository.get(session, region)
    if region_row is None:
        raise NotFound("region {region} does not exist", field="region", params={"region": region})
    runs = await course_start_runs(
        session,
        region_ars=region,
        course_types=_list(course_type, "courseType"),
        levels=_list(level, "level", CEFR_LEVELS),
        areas=_list(area, "area"),
        starts_from=starts_from,
        starts_to=starts_to,
    )
    offers = await feed_repository.services_by_ids(session, list({r.offer_id for r in runs}))
    categories = _list(category, "category")
    if categories:
        codes = await CodeLists.load(session)
        wanted = {c for code in categories for c in codes.category_with_descendants(code)}
        offers = {k: v for k, v in offers.items() if v["category_code"] in wanted}
    location_ids = {
        r.location_id or offers[r.offer_id]["location_id"] for r in runs if r.offer_id in offers
    }
    locations = await feed_repository.locations(session, [i for i in location_ids if i])
    texts = await feed_repository.translations(session, "offer", list(offers), language)
    base_url = str(request.base_url).rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//Koko//Kursstarts//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{wording.words(language)['calendar']} – {region_row.name}")
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for run in runs:
        offer = offers.get(run.offer_id)
        if offer is None:
            continue
        location = locations.get(run.location_id or offer["location_id"])
        calendar.add_component(
            _event(run, offer, location, texts.get(run.offer_id, {}), base_url, language)
        )
    modified = latest(
        [*(run.updated_at for run in runs), *(offer["modified_at"] for offer in offers.values())]
    )
    return cached_response(
        request,
        calendar.to_ical(),
        media_type="text/calendar; charset=utf-8",
        max_age=MAX_AGE,
        last_modified=modified,
        headers={
            "Content-Disposition": 'inline; filename="kursstarts.ics"',
            "Content-Language": language,
            "Vary": "Accept-Language",
        },
    )


def _event(
    run: CourseRun,
    offer: Any,
    location: Any,
    texts: dict[str, str],
    base_url: str,
    language: str,
) -> Event:
    w = wording.words(language)
    event = Event()
    event.add("uid", f"course-run-{run.id}@koko")
    stamp = run.updated_at or datetime.now(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", max(run.version - 1, 0))
    event.add("dtstart", run.start_date)
    event.add("dtend", run.start_date + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    title = texts.get("title") or offer["title"]
    event.add("summary", f"{w['course_start']}: {title}")
    event.add("status", STATUS.get(run.status, "CONFIRMED"))
    if location is not None:
        address = ", ".join(
            x
            for x in (
                location["name"],
                location["street"],
                f"{location['postal_code'] or ''} {location['city']}".strip(),
            )
            if x
        )
        event.add("location", address)
        if location["lat"] is not None and location["lon"] is not None:
            event.add("geo", vGeo((location["lat"], location["lon"])))
    if run.capacity_max is None:
        seats = f"{w['seats']}: {w['on_request']}"
    else:
        seats = f"{w['seats']}: {run.free_seats or 0} {w['of']} {run.capacity_max}"
    lines = [
        title,
        seats,
        f"{w['organizer']}: {offer['organization_name']}",
    ]
    if run.waitlist_length:
        lines.append(f"{w['waitlist']}: {run.waitlist_length}")
    if run.weekly_slots:
        lines.append(f"{w['times']}: {_slots(run.weekly_slots, language)}")
    if run.end_date:
        lines.append(f"{w['end']}: {run.end_date.strftime('%d.%m.%Y')}")
    if run.registration_deadline:
        lines.append(f"{w['deadline']}: {run.registration_deadline.strftime('%d.%m.%Y')}")
    childcare = w["yes"] if run.childcare or offer["childcare"] else w["no"]
    lines.append(f"{w['childcare']}: {childcare}")
    contact = offer["contact_email"] or offer["organization_email"]
    if contact:
        lines.append(f"{w['contact']}: {contact}")
    event.add("description", "\n".join(lines))
    event.add("url", offer["url"] or f"{base_url}/offers/{offer['id']}.jsonld")
    event.add("categories", [w["course_start"]])
    return event
