"""HSDS 3.1 API: output validates against the official schemas; filters, paging, delta sync,
ndjson stream, translations, CORS and problem+json errors."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import update

from koko_offers.taxonomy.models import Category

from .conftest import BOERDE, Catalogue

# The official HSDS 3.1 schemas, vendored with their licence (see the README there).
HSDS_DIR = Path(__file__).resolve().parents[1] / "standards" / "hsds-3.1"
# A hierarchical base, so that relative references between the files resolve.
SCHEMA_BASE = "https://schemas.koko.invalid/hsds/3.1/"


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    # The table schemas refer to each other by file name ("organization.json"); registered under
    # one base, each relative reference resolves to its file.
    resources = [
        (SCHEMA_BASE + path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in [*HSDS_DIR.glob("*.json"), *(HSDS_DIR / "compiled").glob("*.json")]
        if path.name != "openapi.json"
    ]
    page = json.loads((HSDS_DIR / "openapi.json").read_text())["components"]["schemas"]["Page"]
    resources.append((SCHEMA_BASE + "page", Resource.from_contents(page, DRAFT202012)))
    registry: Registry = Registry().with_resources(resources)

    def page_of(item: str) -> dict[str, Any]:
        return {
            "allOf": [{"$ref": SCHEMA_BASE + "page"}],
            "required": [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
            "properties": {"contents": {"type": "array", "items": {"$ref": SCHEMA_BASE + item}}},
        }

    def validator(schema: dict[str, Any]) -> Draft202012Validator:
        return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())

    return {
        "service": validator({"$ref": SCHEMA_BASE + "service.json"}),
        "organization": validator({"$ref": SCHEMA_BASE + "organization.json"}),
        "service_page": validator(page_of("service_list.json")),
        "full_service_page": validator(page_of("service.json")),
        "organization_page": validator(page_of("organization_list.json")),
        "service_at_location_page": validator(page_of("service_at_location_list.json")),
        "service_at_location": validator({"$ref": SCHEMA_BASE + "service_at_location.json"}),
        "taxonomy": validator({"$ref": SCHEMA_BASE + "taxonomy.json"}),
        "taxonomy_term": validator({"$ref": SCHEMA_BASE + "taxonomy_term.json"}),
        "taxonomy_page": validator(page_of("taxonomy.json")),
        "taxonomy_term_page": validator(page_of("taxonomy_term.json")),
    }


def _valid(validator: Draft202012Validator, document: Any) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


async def _course(catalogue: Catalogue, **fields: Any) -> Any:
    offer, run = await catalogue.language_course(start=date(2027, 2, 1), **fields)
    return offer, run


async def test_services_and_organizations_validate_against_official_schemas(
    client: httpx.AsyncClient, catalogue: Catalogue, validators: dict[str, Draft202012Validator]
) -> None:
    # given: a course with two runs, one with unknown capacity, and a draft that stays hidden
    offer, _ = await _course(catalogue, capacity_max=18, seats_booked=11, waitlist_length=2)
    await catalogue.run(offer, date(2027, 4, 5), capacity_max=None, schedule_rrule=None)
    provider = await catalogue.provider(name="Draft-Träger")
    await catalogue.offer(provider, title="Entwurf", status="draft")
    # when
    page = (await client.get("/hsds/services")).json()
    full_page = (await client.get("/hsds/services", params={"full": "true"})).json()
    one = await client.get(f"/hsds/services/{offer.id}")
    organizations = (await client.get("/hsds/organizations")).json()
    organization = (await client.get(f"/hsds/organizations/{offer.provider_id}")).json()
    at_locations = (await client.get("/hsds/service_at_locations")).json()
    # then
    _valid(validators["service_page"], page)
    _valid(validators["full_service_page"], full_page)
    _valid(validators["service"], one.json())
    _valid(validators["organization_page"], organizations)
    _valid(validators["organization"], organization)
    _valid(validators["service_at_location_page"], at_locations)
    assert [s["name"] for s in page["contents"]] == ["Allgemeiner Integrationskurs B1"]
    assert page["total_items"] == 1 and page["first_page"] and page["last_page"]
    service = one.json()
    assert service["status"] == "active"
    assert [(c["available"], c["maximum"]) for c in service["capacities"]] == [(7, 18)]
    assert service["schedules"][0]["byday"] == "MO,WE"
    assert service["schedules"][0]["opens_at"] == "08:30"
    assert service["organization"]["id"] == str(offer.provider_id)
    assert organization["services"][0]["id"] == str(offer.id)


async def test_page_envelope_and_bad_parameters(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    for _ in range(5):
        await _course(catalogue)
    # when
    second = (await client.get("/hsds/services", params={"page": 2, "per_page": 2})).json()
    beyond = (await client.get("/hsds/services", params={"page": 9, "per_page": 2})).json()
    bad = [
        await client.get("/hsds/services", params={"per_page": 1000}),
        await client.get("/hsds/services", params={"page": 0}),
        await client.get("/hsds/services", params={"modified_after": "yesterday"}),
        await client.get("/hsds/services", params={"organization_id": "nope"}),
        await client.get("/hsds/services", params={"format": "xml"}),
        await client.get("/hsds/services", params={"proximity": "far"}),
        await client.get("/hsds/services", params={"region": "123"}),
        await client.get("/hsds/services/not-a-uuid"),
    ]
    missing = await client.get(f"/hsds/services/{'0' * 8}-0000-0000-0000-{'0' * 12}")
    # then
    assert (second["total_items"], second["total_pages"], second["page_number"]) == (5, 3, 2)
    assert (second["size"], second["first_page"], second["last_page"]) == (2, False, False)
    assert beyond["empty"] is True and beyond["contents"] == []
    for response in bad:
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["access-control-allow-origin"] == "*"
    assert missing.status_code == 404


async def test_filters_combine_with_and(client: httpx.AsyncClient, catalogue: Catalogue) -> None:
    # given
    provider = await catalogue.provider(name="VHS Magdeburg")
    a2, _ = await _course(catalogue, provider=provider, code="BSK_A2", level="A2")
    await _course(catalogue, provider=provider, code="BAMF_IK_ALLG", level="B1")
    await _course(catalogue, code="BSK_A2", level="A2")
    await _course(catalogue, region_ars=BOERDE, code="BSK_A2", level="A2", city="Haldensleben")
    course_type_id = catalogue.course_types["BSK_A2:A2"].id
    # when
    by_term_and_org = (
        await client.get(
            "/hsds/services",
            params={"taxonomy_term_id": str(course_type_id), "organization_id": str(provider.id)},
        )
    ).json()
    by_region = (await client.get("/hsds/services", params={"region": BOERDE})).json()
    by_search = (await client.get("/hsds/services", params={"search": "integrationskurs"})).json()
    near = (
        await client.get("/hsds/services", params={"proximity": "2000", "lat": 52.13, "lon": 11.62})
    ).json()
    far = (
        await client.get("/hsds/services", params={"proximity": "2000", "lat": 48.1, "lon": 11.5})
    ).json()
    unknown_term = (await client.get("/hsds/services", params={"taxonomy_term_id": "x"})).json()
    # then
    assert [s["id"] for s in by_term_and_org["contents"]] == [str(a2.id)]
    assert by_region["total_items"] == 1
    assert by_search["total_items"] == 1
    assert near["total_items"] == 4 and far["total_items"] == 0
    assert unknown_term["total_items"] == 0


async def test_translation_in_requested_language_with_german_fallback(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    offer, _ = await _course(catalogue)
    await catalogue.translate("offer", offer.id, "title", "ar", "دورة الاندماج")
    # when
    arabic = await client.get(f"/hsds/services/{offer.id}", headers={"Accept-Language": "ar"})
    by_param = await client.get(f"/hsds/services/{offer.id}", params={"lang": "ar"})
    ukrainian = await client.get(f"/hsds/services/{offer.id}", params={"lang": "uk"})
    # then
    assert arabic.json()["name"] == "دورة الاندماج"
    assert arabic.headers["content-language"] == "ar"
    assert by_param.json()["name"] == "دورة الاندماج"
    assert arabic.json()["description"] == offer.description  # not translated: German
    assert ukrainian.json()["name"] == offer.title


async def test_delta_sync_returns_changed_and_archived_services(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given: offers last changed 10 days ago; since then one changed, one's run changed,
    # one was archived
    old = datetime.now(UTC) - timedelta(days=10)
    since = datetime.now(UTC) - timedelta(days=1)
    provider = await catalogue.provider(updated_at=old)
    untouched = await catalogue.offer(provider, title="Unverändert", updated_at=old)
    changed = await catalogue.offer(provider, title="Geändert")
    seats = await catalogue.offer(provider, title="Plätze", updated_at=old)
    await catalogue.run(seats, date(2027, 1, 4))
    archived = await catalogue.offer(provider, title="Archiviert", status="archived")
    # when
    delta = (
        await client.get(
            "/hsds/services", params={"modified_after": since.isoformat(), "per_page": 100}
        )
    ).json()
    # then
    statuses = {s["name"]: s["status"] for s in delta["contents"]}
    assert statuses == {"Geändert": "active", "Plätze": "active", "Archiviert": "inactive"}
    assert untouched.title not in statuses
    assert changed.id and archived.id


async def test_delta_sync_returns_services_whose_provider_or_location_changed(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given: offers last changed 10 days ago; since then one's provider and one's location changed
    old = datetime.now(UTC) - timedelta(days=10)
    since = datetime.now(UTC) - timedelta(days=1)
    quiet = await catalogue.provider(name="Ruhiger Träger", updated_at=old)
    renamed = await catalogue.provider(name="Umbenannter Träger")
    quiet_place = await catalogue.location(quiet, updated_at=old)
    moved = await catalogue.location(quiet)
    await catalogue.offer(quiet, title="Unverändert", location=quiet_place, updated_at=old)
    await catalogue.offer(renamed, title="Träger geändert", updated_at=old)
    await catalogue.offer(quiet, title="Ort geändert", location=moved, updated_at=old)
    # when
    delta = await client.get("/hsds/services", params={"modified_after": since.isoformat()})
    # then: both appear
    names = {s["name"] for s in delta.json()["contents"]}
    assert names == {"Träger geändert", "Ort geändert"}


async def test_ndjson_streams_every_published_service(
    client: httpx.AsyncClient, catalogue: Catalogue, validators: dict[str, Draft202012Validator]
) -> None:
    # given: more services than one stream batch holds
    from koko_offers.hsds import service as hsds_service

    provider = await catalogue.provider()
    expected = set()
    for index in range(7):
        offer = await catalogue.offer(provider, title=f"Angebot {index}")
        await catalogue.run(offer, date(2027, 3, 1))
        expected.add(str(offer.id))
    await catalogue.offer(provider, title="Entwurf", status="draft")
    original = hsds_service.STREAM_BATCH
    hsds_service.STREAM_BATCH = 3
    try:
        # when
        response = await client.get("/hsds/services", params={"format": "ndjson"})
    finally:
        hsds_service.STREAM_BATCH = original
    # then
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert response.headers["access-control-allow-origin"] == "*"
    lines = [orjson.loads(line) for line in response.content.splitlines()]
    assert {line["id"] for line in lines} == expected
    for line in lines:
        _valid(validators["service"], line)


async def test_metadata_taxonomies_and_cors(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    await _course(catalogue)
    # when
    root = await client.get("/hsds/")
    taxonomies = (await client.get("/hsds/taxonomies")).json()
    terms = (await client.get("/hsds/taxonomy_terms", params={"lang": "en"})).json()
    preflight = await client.options(
        "/hsds/services",
        headers={"Origin": "https://stadt.example", "Access-Control-Request-Method": "GET"},
    )
    # then
    assert root.json()["version"] == "3.1"
    assert root.headers["access-control-allow-origin"] == "*"
    assert taxonomies["total_items"] == 2
    names = {t["code"]: t["name"] for t in terms["contents"]}
    assert names["language_course"] == "Language courses"
    assert "BAMF_IK_ALLG" in names
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"


async def test_search_is_the_catalogue_search(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    provider = await catalogue.provider(name="VHS Magdeburg")
    integration = await catalogue.offer(provider, title="Integrationskurs für Frauen")
    counselling = await catalogue.offer(provider, title="Migrationsberatung")

    async def found(search: str) -> list[str]:
        body = (await client.get("/hsds/services", params={"search": search})).json()
        return [service["id"] for service in body["contents"]]

    # when / then: compound parts, German stems, look-alikes only when nothing matches
    assert await found("kurs") == [str(integration.id)]
    assert await found("Frau") == [str(integration.id)]
    assert await found("Integrazionskurs") == [str(integration.id)]
    assert await found("beratung") == [str(counselling.id)]
    assert await found("Schwimmkurs") == []


async def test_single_service_at_location_taxonomy_and_term_by_id(
    client: httpx.AsyncClient, catalogue: Catalogue, validators: dict[str, Draft202012Validator]
) -> None:
    # given: a course at its location, with a second run elsewhere
    offer, _ = await _course(catalogue)
    provider = await catalogue.provider(name="Zweiter Träger")
    elsewhere = await catalogue.location(provider, city="Schönebeck")
    await catalogue.run(offer, date(2027, 5, 3), location=elsewhere)
    listed = (await client.get("/hsds/service_at_locations")).json()["contents"]
    full = (await client.get(f"/hsds/services/{offer.id}")).json()
    terms = (await client.get("/hsds/taxonomy_terms")).json()
    taxonomies = (await client.get("/hsds/taxonomies")).json()
    # when
    at_location = await client.get(f"/hsds/service_at_locations/{listed[0]['id']}")
    at_run_location = [
        await client.get(f"/hsds/service_at_locations/{item['id']}")
        for item in full["service_at_locations"]
    ]
    taxonomy = await client.get(f"/hsds/taxonomies/{taxonomies['contents'][0]['id']}")
    term = await client.get(f"/hsds/taxonomy_terms/{terms['contents'][0]['id']}")
    missing = [
        await client.get(f"/hsds/service_at_locations/{offer.id}"),
        await client.get(f"/hsds/taxonomies/{offer.id}"),
        await client.get(f"/hsds/taxonomy_terms/{offer.id}"),
    ]
    malformed = await client.get("/hsds/service_at_locations/nope")
    # then
    _valid(validators["taxonomy_page"], taxonomies)
    _valid(validators["taxonomy_term_page"], terms)
    for response, validator in [
        (at_location, "service_at_location"),
        *((r, "service_at_location") for r in at_run_location),
        (taxonomy, "taxonomy"),
        (term, "taxonomy_term"),
    ]:
        assert response.status_code == 200, response.text
        _valid(validators[validator], response.json())
    assert at_location.json()["service_id"] == str(offer.id)
    assert at_location.json()["location"]["id"] == str(offer.location_id)
    cities = {r.json()["location"]["addresses"][0]["city"] for r in at_run_location}
    assert cities == {"Magdeburg", "Schönebeck"}
    assert taxonomy.json() == taxonomies["contents"][0]
    assert term.json() == terms["contents"][0]
    assert [r.status_code for r in missing] == [404, 404, 404]
    assert malformed.status_code == 422


async def test_taxonomy_terms_filter_by_parent_top_level_and_search(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given: a category with a subcategory
    await catalogue.category("education", "Bildung")
    await catalogue.category("language_course", "Sprachkurse")
    session = catalogue.session
    await session.execute(
        update(Category).where(Category.code == "language_course").values(parent_code="education")
    )
    parent_id = (await client.get("/hsds/taxonomy_terms", params={"search": "Bildung"})).json()
    # when
    children = await client.get(
        "/hsds/taxonomy_terms", params={"parent_id": parent_id["contents"][0]["id"]}
    )
    top = await client.get("/hsds/taxonomy_terms", params={"top_only": "true"})
    # then
    assert [t["code"] for t in parent_id["contents"]] == ["education"]
    assert [t["code"] for t in children.json()["contents"]] == ["language_course"]
    assert "language_course" not in {t["code"] for t in top.json()["contents"]}
    assert "education" in {t["code"] for t in top.json()["contents"]}
