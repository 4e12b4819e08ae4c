"""GeoJSON (RFC 7946) of where published offers take place, for the interactive offer maps
districts put on their websites: a FeatureCollection of Points (longitude, latitude) that
Leaflet and MapLibre load as they are. It takes the same filters and languages as the HSDS
services feed; each feature is one offer at one of its locations (its own and those of its
current course runs), with the texts in the requested language and links for people and APIs."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from koko_offers.feeds.language import feed_language
from koko_offers.feeds.public_url import page_for_people, public_base
from koko_offers.hsds import params, repository, service
from koko_offers.hsds.responses import MAX_AGE, Lang
from koko_offers.settings import OffersSettingsDep
from koko_shared.database.read_replica import ReadSessionDep
from koko_shared.graphql.ids import to_global_id
from koko_shared.http_caching import cached_response, latest

router = APIRouter(prefix="/feeds", tags=["feeds"])

GEOJSON = "application/geo+json"
# A map of a whole state stays a few megabytes; narrow it with the filters beyond that.
MAX_OFFERS = 5000


def _label(labels: dict[str, str] | None, language: str) -> str | None:
    if not labels:
        return None
    return labels.get(language) or labels.get("de") or next(iter(labels.values()), None)


def feature(
    offer: dict[str, Any],
    location: dict[str, Any],
    *,
    texts: dict[str, str],
    category_label: str | None,
    next_start: date | None,
    base: str,
    page: str | None,
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"{offer['id']}:{location['id']}",
        # RFC 7946: longitude first
        "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]},
        "properties": {
            "offerId": str(offer["id"]),
            "globalId": to_global_id("Offer", offer["id"]),
            "name": texts.get("title") or offer["title"],
            "organization": offer["organization_name"],
            "category": offer["category_code"],
            "categoryLabel": category_label,
            "locationName": location["name"],
            "street": location["street"],
            "postalCode": location["postal_code"],
            "city": location["city"],
            "barrierFree": location["barrier_free"],
            "nextStart": next_start.isoformat() if next_start else None,
            "url": page,
            "hsds": f"{base}/hsds/services/{offer['id']}",
            "jsonld": f"{base}/offers/{offer['id']}.jsonld",
        },
    }


@router.get(
    "/offers.geojson",
    summary="GeoJSON of published offers' locations (for web maps)",
    response_class=Response,
    responses={
        200: {
            "description": "RFC 7946 FeatureCollection of Points (longitude, latitude)",
            "content": {GEOJSON: {"schema": {"type": "object"}}},
        },
        304: {"description": "Not modified (conditional request)"},
    },
)
async def offers_geojson(
    request: Request,
    session: ReadSessionDep,
    settings: OffersSettingsDep,
    modified_after: params.ModifiedAfter = None,
    taxonomy_term_id: params.TaxonomyTermId = None,
    organization_id: params.OrganizationId = None,
    search: params.Search = None,
    proximity: params.ProximityMeters = None,
    lat: params.Latitude = None,
    lon: params.Longitude = None,
    postcode: params.Postcode = None,
    region: params.Region = None,
    lang: Lang = None,
) -> Response:
    language = feed_language(request, lang)
    criteria = params.service_filter(
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        organization_id=organization_id,
        modified_after=modified_after,
        region=region,
        proximity=proximity,
        lat=lat,
        lon=lon,
        postcode=postcode,
    )
    codes = await service.CodeLists.load(session)
    where = await service.where_for(session, criteria, codes)
    offers = await repository.services_page(session, where, limit=MAX_OFFERS, offset=0)
    ids = [o["id"] for o in offers]
    runs = await repository.runs_of(session, ids)
    location_ids = {o["location_id"] for o in offers} | {
        r["location_id"] for rows in runs.values() for r in rows
    }
    locations = await repository.locations(session, [i for i in location_ids if i is not None])
    texts = await repository.translations(session, "offer", ids, language)
    base = public_base(request, settings)
    features = []
    for offer in offers:
        offer_runs = runs.get(offer["id"], [])
        places = dict.fromkeys([offer["location_id"], *(r["location_id"] for r in offer_runs)])
        for location_id in places:
            location = locations.get(location_id) if location_id else None
            if location is None or location["lat"] is None or location["lon"] is None:
                continue  # online offers and places without coordinates are not on a map
            starts = [
                r["start_date"] for r in offer_runs if r["location_id"] in (None, location_id)
            ]
            category = codes.categories.get(offer["category_code"])
            features.append(
                feature(
                    offer,
                    location,
                    texts=texts.get(offer["id"], {}),
                    category_label=_label(category["label"] if category else None, language),
                    next_start=min(starts, default=None),
                    base=base,
                    page=page_for_people(offer, settings, language),
                )
            )
    body = orjson.dumps({"type": "FeatureCollection", "features": features})
    return cached_response(
        request,
        body,
        media_type=GEOJSON,
        max_age=MAX_AGE,
        last_modified=latest(o.get("modified_at") or o.get("updated_at") for o in offers),
        headers={"Content-Language": language, "Vary": "Accept-Language"},
    )
