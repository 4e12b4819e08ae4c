"""schema.org JSON-LD of one published offer: a Course with its course runs as CourseInstances,
for municipal web pages (search engines read it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import orjson
from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from koko_offers.feeds.jsonld_wording import FUNDERS, WORDS, document_language
from koko_offers.feeds.language import feed_language
from koko_offers.feeds.public_url import page_for_people, public_base
from koko_offers.hsds import repository as feed_repository
from koko_offers.hsds.responses import MAX_AGE, Lang
from koko_offers.hsds.service import CodeLists
from koko_offers.settings import OffersSettingsDep
from koko_shared.database.read_replica import ReadSessionDep
from koko_shared.errors import InvalidInput, NotFound
from koko_shared.graphql.ids import from_global_id
from koko_shared.http.openapi import NO_NUL
from koko_shared.http_caching import cached_response

router = APIRouter(tags=["feeds"])

COURSE_MODE = {"in_person": "onsite", "online": "online", "hybrid": "blended"}
WEEKDAYS = (
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
)
AVAILABILITY = {
    "full": "https://schema.org/SoldOut",
    "cancelled": "https://schema.org/Discontinued",
}


def _offer_id(value: str) -> UUID | None:
    """A UUID or an Offer's global id; anything else names no offer (404, like an unknown id)."""
    try:
        return UUID(value)
    except ValueError:
        pass
    try:
        return from_global_id(value, expected_type="Offer")[1]
    except InvalidInput:
        return None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in (None, [], "")}


def _place(location: Any) -> dict[str, Any] | None:
    if location is None:
        return None
    return _compact(
        {
            "@type": "Place",
            "name": location["name"],
            "address": _compact(
                {
                    "@type": "PostalAddress",
                    "streetAddress": location["street"],
                    "postalCode": location["postal_code"],
                    "addressLocality": location["city"],
                    "addressCountry": "DE",
                }
            ),
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": location["lat"],
                "longitude": location["lon"],
            }
            if location["lat"] is not None and location["lon"] is not None
            else None,
        }
    )


def _schedule(run: Any) -> list[dict[str, Any]]:
    result = []
    for slot in run["weekly_slots"] or []:
        try:
            day = WEEKDAYS[int(slot["weekday"]) - 1]
        except (KeyError, ValueError, IndexError, TypeError):
            continue
        result.append(
            _compact(
                {
                    "@type": "Schedule",
                    "byDay": day,
                    "startTime": slot.get("starts"),
                    "endTime": slot.get("ends"),
                    "repeatFrequency": "P1W",
                    "startDate": _iso(run["start_date"]),
                    "endDate": _iso(run["end_date"]),
                    "scheduleTimezone": "Europe/Berlin",
                }
            )
        )
    return result


def price_offers(
    offer: Any,
    course_type: Any | None,
    url: str | None,
    availability: str | None = None,
    unit_fee_eur: float | None = None,
    language: str = "de",
    fee_note: str | None = None,
) -> list[dict[str, Any]]:
    """schema.org Offers of one course (run): what participants pay, in `language`. A course
    funded by BAMF, the Jobcenter or a Bildungsgutschein is free for most participants (those
    funded); the others pay a fee per teaching unit (for BAMF integration courses the
    Kostenbeitrag, when configured: then the Offer itself carries it as `price`). Without any
    cost option nothing is claimed about the price; a fee without a known amount is described,
    never guessed."""
    words = WORDS[language]
    options = set(offer["cost_options"] or [])
    common = {
        "@type": "Offer",
        "url": url,
        "availability": availability or "https://schema.org/InStock",
    }
    offers: list[dict[str, Any]] = []
    if "free" in options:
        offers.append({**common, "category": "Free", "price": 0, "priceCurrency": "EUR"})
    elif options & FUNDERS.keys():
        payers = ", ".join(FUNDERS[o] for o in sorted(options & FUNDERS.keys()))
        offers.append(
            {
                **common,
                "category": "Funded",
                "price": 0,
                "priceCurrency": "EUR",
                "description": words["funded"].format(payers=payers),
            }
        )
    integration_course = course_type is not None and course_type["family"] == "integration_course"
    self_payers = options & {"fee", "reduced_fee"} or (
        "bamf" in options and integration_course and "free" not in options
    )
    if self_payers:
        fee = unit_fee_eur if integration_course and "bamf" in options else None
        offers.append(
            _compact(
                {
                    **common,
                    "category": "Paid",
                    "price": fee,
                    "priceCurrency": "EUR",
                    "priceSpecification": _compact(
                        {
                            "@type": "UnitPriceSpecification",
                            "price": fee,
                            "priceCurrency": "EUR",
                            "referenceQuantity": {
                                "@type": "QuantitativeValue",
                                "value": 1,
                                "unitText": words["unit"],
                            },
                            "description": fee_note or words["self_payers"],
                        }
                    ),
                }
            )
        )
    if not offers:
        offers.append(_compact({**common, "description": fee_note}))
    return [_compact(o) for o in offers]


def course(
    offer: Any,
    runs: list[Any],
    locations: dict[UUID, Any],
    texts: dict[str, str],
    course_type: Any | None,
    *,
    document_id: str,
    page: str | None,
    unit_fee_eur: float | None = None,
    language: str = "de",
) -> dict[str, Any]:
    """The schema.org Course of an offer, wholly in `language` (see `document_language`):
    `texts` are the offer's translations into it (unused for German)."""

    def text(field: str) -> str | None:
        return offer[field] if language == "de" else texts.get(field)

    fee_note = text("fee_note")

    def prices(availability: str | None) -> list[dict[str, Any]]:
        return price_offers(
            offer, course_type, page, availability, unit_fee_eur, language, fee_note
        )

    instance_languages = offer["instruction_languages"] or ["de"]
    provider = _compact(
        {
            "@type": "Organization",
            "@id": f"urn:uuid:{offer['provider_id']}",
            "name": offer["organization_name"],
            "url": offer["organization_website"],
            "email": offer["organization_email"],
        }
    )
    instances = []
    for run in runs:
        location = locations.get(run["location_id"] or offer["location_id"])
        availability = AVAILABILITY.get(run["status"])
        if availability is None and run["free_seats"] == 0 and run["capacity_max"] is not None:
            availability = "https://schema.org/SoldOut"
        instances.append(
            _compact(
                {
                    "@type": "CourseInstance",
                    "@id": f"urn:uuid:{run['id']}",
                    "courseMode": COURSE_MODE.get(offer["format"], "onsite"),
                    "startDate": _iso(run["start_date"]),
                    "endDate": _iso(run["end_date"]),
                    "location": _place(location),
                    "inLanguage": instance_languages[0],
                    "maximumAttendeeCapacity": run["capacity_max"],
                    "remainingAttendeeCapacity": run["free_seats"]
                    if run["capacity_max"] is not None
                    else None,
                    "courseSchedule": _schedule(run),
                    "courseWorkload": None,
                    "offers": prices(availability),
                    "eventStatus": "https://schema.org/EventCancelled"
                    if run["status"] == "cancelled"
                    else None,
                }
            )
        )
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Course",
            "@id": document_id,
            "url": page,
            "name": text("title"),
            "description": text("description") or text("title"),
            "courseCode": course_type["code"] if course_type else None,
            "educationalLevel": course_type["target_level"] if course_type else None,
            "numberOfCredits": None,
            "timeRequired": None,
            "inLanguage": instance_languages[0]
            if len(instance_languages) == 1
            else instance_languages,
            "provider": provider,
            "offers": prices(None),
            "dateModified": _iso(offer["modified_at"] or offer["updated_at"]),
            "hasCourseInstance": instances,
        }
    )


@router.get(
    "/offers/{offer_id}.jsonld",
    summary="schema.org Course of one published offer",
    response_class=Response,
    responses={
        200: {
            "description": "JSON-LD (schema.org Course with CourseInstances and Offers)",
            "content": {"application/ld+json": {"schema": {"type": "object"}}},
        },
        304: {"description": "Not modified (conditional request)"},
    },
)
async def offer_jsonld(
    request: Request,
    session: ReadSessionDep,
    settings: OffersSettingsDep,
    offer_id: Annotated[
        str,
        Path(
            description="The offer's UUID or its GraphQL id (`Offer:<uuid>`, base64)",
            json_schema_extra={"pattern": NO_NUL},
        ),
    ],
    lang: Lang = None,
) -> Response:
    requested = feed_language(request, lang)
    wanted = _offer_id(offer_id)
    row = await feed_repository.service(session, wanted) if wanted else None
    if row is None:
        raise NotFound("no published offer with this id")
    runs = (await feed_repository.runs_of(session, [row["id"]])).get(row["id"], [])
    location_ids = {row["location_id"], *(r["location_id"] for r in runs)} - {None}
    locations = await feed_repository.locations(session, list(location_ids))
    texts = (await feed_repository.translations(session, "offer", [row["id"]], requested)).get(
        row["id"], {}
    )
    language = document_language(requested, row, texts)
    course_type = None
    if row["course_type_id"] is not None:
        course_type = (await CodeLists.load(session)).course_types.get(row["course_type_id"])
    document = course(
        row,
        runs,
        locations,
        texts,
        course_type,
        document_id=f"{public_base(request, settings)}/offers/{row['id']}.jsonld",
        page=page_for_people(row, settings, language),
        unit_fee_eur=settings.integration_course_unit_fee_eur,
        language=language,
    )
    return cached_response(
        request,
        orjson.dumps(document),
        media_type="application/ld+json",
        max_age=MAX_AGE,
        last_modified=row["modified_at"] or row["updated_at"],
        headers={"Content-Language": language, "Vary": "Accept-Language"},
    )
