"""The GeoJSON map feed (RFC 7946, the HSDS filters and languages, caching) and the public
semantics of JSON-LD: price, the page for people, and an `@id` from the configured base URL
(forwarded headers only from trusted proxies)."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from jsonschema import Draft202012Validator

from koko_offers.settings import OffersSettings

from .conftest import BOERDE, MAGDEBURG, Catalogue

POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},
        {"type": "number", "minimum": -90, "maximum": 90},
    ],
}
# The parts of RFC 7946 a Point FeatureCollection uses.
FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {"type": {"const": "Point"}, "coordinates": POSITION},
                    },
                    "properties": {"type": ["object", "null"]},
                },
            },
        },
    },
}


def _configure(app: FastAPI, settings: OffersSettings, **update: Any) -> None:
    app.state.settings = settings.model_copy(update=update)


async def test_geojson_is_an_rfc7946_map_of_offer_locations(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given: a course in Magdeburg whose second run is at another place, a draft and an offer
    # in Börde
    offer, _ = await catalogue.language_course(start=date(2027, 1, 11))
    provider = await catalogue.provider(MAGDEBURG, "VHS Magdeburg")
    elsewhere = await catalogue.location(provider, lat=52.10, lon=11.60)
    await catalogue.run(offer, date(2027, 3, 1), location=elsewhere)
    await catalogue.offer(provider, location=elsewhere, status="draft", title="Entwurf")
    await catalogue.language_course(region_ars=BOERDE, start=date(2027, 1, 4), city="Haldensleben")
    await catalogue.translate("offer", offer.id, "title", "en", "Integration course B1")
    # when
    response = await client.get(f"/feeds/offers.geojson?region={MAGDEBURG}&lang=en")
    everything = await client.get("/feeds/offers.geojson")
    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    assert response.headers["access-control-allow-origin"] == "*"
    collection = orjson.loads(response.content)
    Draft202012Validator(FEATURE_COLLECTION).validate(collection)
    features = collection["features"]
    assert {tuple(f["geometry"]["coordinates"]) for f in features} == {(11.62, 52.13), (11.6, 52.1)}
    assert {f["properties"]["name"] for f in features} == {"Integration course B1"}
    by_place = {tuple(f["geometry"]["coordinates"]): f["properties"] for f in features}
    assert by_place[(11.6, 52.1)]["nextStart"] == "2027-03-01"
    assert by_place[(11.62, 52.13)]["hsds"].endswith(f"/hsds/services/{offer.id}")
    assert len(orjson.loads(everything.content)["features"]) == 3  # Börde too, no draft


async def test_geojson_takes_the_hsds_filters_and_answers_conditional_requests(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    await catalogue.language_course(start=date(2027, 1, 11))
    # when
    first = await client.get("/feeds/offers.geojson?search=Integrationskurs")
    again = await client.get(
        "/feeds/offers.geojson?search=Integrationskurs",
        headers={"If-None-Match": first.headers["etag"]},
    )
    nothing = await client.get("/feeds/offers.geojson?search=Zirkusschule")
    bad = await client.get("/feeds/offers.geojson?proximity=far")
    # a radius without a centre restricts nothing (each parameter is checked on its own)
    no_centre = await client.get("/feeds/offers.geojson?proximity=1000&search=Integrationskurs")
    # then
    assert len(first.json()["features"]) == 1
    assert "max-age" in first.headers["cache-control"] and first.headers["last-modified"]
    assert again.status_code == 304
    assert nothing.json() == {"type": "FeatureCollection", "features": []}
    assert bad.status_code == 422
    assert no_centre.json()["features"] == first.json()["features"]
    assert bad.headers["content-type"] == "application/problem+json"


async def _jsonld(client: httpx.AsyncClient, offer_id: Any, **headers: str) -> dict[str, Any]:
    response = await client.get(f"/offers/{offer_id}.jsonld", headers=headers)
    assert response.status_code == 200, response.text
    return dict(orjson.loads(response.content))


@pytest.mark.parametrize(
    ("cost_options", "expected"),
    [
        (["bamf"], [("Funded", 0, None), ("Paid", 2.29, 2.29)]),
        (["jobcenter"], [("Funded", 0, None)]),
        (["free"], [("Free", 0, None)]),
        (["fee"], [("Paid", None, None)]),
        ([], [(None, None, None)]),
    ],
)
async def test_jsonld_prices_say_who_pays_what(
    app: FastAPI,
    client: httpx.AsyncClient,
    catalogue: Catalogue,
    settings: OffersSettings,
    cost_options: list[str],
    expected: list[tuple[str | None, int | None, float | None]],
) -> None:
    # given: a BAMF integration course; self-payers pay 2.29 EUR per teaching unit
    _configure(app, settings, integration_course_unit_fee_eur=2.29)
    offer, _ = await catalogue.language_course(start=date(2027, 1, 11))
    offer.cost_options = cost_options
    await catalogue.session.flush()
    # when
    course = await _jsonld(client, offer.id)
    # then
    offers = course["offers"]
    assert [
        (o.get("category"), o.get("price"), o.get("priceSpecification", {}).get("price"))
        for o in offers
    ] == expected
    for paid in (o for o in offers if o.get("category") == "Paid"):
        specification = paid["priceSpecification"]
        assert specification["@type"] == "UnitPriceSpecification"
        assert specification["referenceQuantity"]["value"] == 1
    assert course["hasCourseInstance"][0]["offers"] == offers


@pytest.mark.parametrize("description_translated", [True, False])
async def test_a_jsonld_document_is_written_in_one_language(
    client: httpx.AsyncClient, catalogue: Catalogue, description_translated: bool
) -> None:
    # given an integration course translated into Arabic (the description, or not)
    offer, _ = await catalogue.language_course(start=date(2027, 1, 11))
    offer.description = "Mit Kinderbetreuung."
    offer.fee_note = None
    offer.cost_options = ["bamf"]
    await catalogue.session.flush()
    await catalogue.translate("offer", offer.id, "title", "ar", "دورة الاندماج")
    if description_translated:
        await catalogue.translate("offer", offer.id, "description", "ar", "مع رعاية الأطفال.")
    # when
    response = await client.get(f"/offers/{offer.id}.jsonld", params={"lang": "ar"})
    course = response.json()
    # then every text of the document is in the one language it names
    funded = course["offers"][0]["description"]
    if description_translated:
        assert response.headers["content-language"] == "ar"
        assert (course["name"], course["description"]) == ("دورة الاندماج", "مع رعاية الأطفال.")
        assert funded.startswith("مجاني")
    else:
        assert response.headers["content-language"] == "de"
        assert course["name"] == offer.title and course["description"] == "Mit Kinderbetreuung."
        assert funded.startswith("Kostenfrei")
    paid = course["offers"][1]["priceSpecification"]
    assert paid["referenceQuantity"]["unitText"] in (
        "وحدة تعليمية (45 دقيقة)",
        "Unterrichtseinheit (45 Minuten)",
    )
    assert "teaching unit" not in response.text


async def test_jsonld_links_a_page_for_people_and_a_stable_id(
    app: FastAPI, client: httpx.AsyncClient, catalogue: Catalogue, settings: OffersSettings
) -> None:
    # given
    offer, _ = await catalogue.language_course(start=date(2027, 1, 11))
    forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    # when: nothing configured, a client forges forwarded headers
    plain = await _jsonld(client, offer.id, **forged)
    # the same request from a trusted proxy
    _configure(app, settings, trusted_proxies=["127.0.0.1/32"])
    proxied = await _jsonld(client, offer.id, **forged)
    # a configured public base URL and page template win over everything
    _configure(
        app,
        settings,
        public_base_url="https://koko.magdeburg.de/api/",
        public_offer_url_template="https://www.magdeburg.de/kurse/{id}?lang={lang}",
        trusted_proxies=["127.0.0.1/32"],
    )
    configured = await _jsonld(client, offer.id, **forged)
    # then
    assert plain["@id"] == f"http://offers.test/offers/{offer.id}.jsonld"
    assert plain["url"] == "https://vhs.example.de/kurse"  # the provider's page, not the JSON
    assert proxied["@id"] == f"https://evil.example/offers/{offer.id}.jsonld"
    assert configured["@id"] == f"https://koko.magdeburg.de/api/offers/{offer.id}.jsonld"
    assert configured["url"] == f"https://www.magdeburg.de/kurse/{offer.id}?lang=de"
    assert configured["offers"][0]["url"] == configured["url"]


def test_a_page_template_with_unknown_placeholders_is_refused() -> None:
    with pytest.raises(ValueError, match="public_offer_url_template"):
        OffersSettings(public_offer_url_template="https://x.example/{slug}")
