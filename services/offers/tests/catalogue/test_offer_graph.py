"""What a frontend reads through the graph: texts in the visitor's language, related records,
federated entities for the gateway, the language course supply of a region, and one query per
kind of record however many offers a page holds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from koko_offers.demo import demo_id, load_into
from koko_offers.graphql.schema import schema
from koko_offers.offer.models import Offer
from koko_offers.pathway.models import PathwayStep
from koko_shared.auth.actor import Role
from koko_shared.demo_regions import MAGDEBURG, REGIONS
from koko_shared.testing.identity import TestTokens

from .conftest import Given, GraphQL, gid, ids


async def test_texts_in_the_visitors_language_with_german_fallback(
    given: Given, graphql: GraphQL
) -> None:
    # given
    translated = await given.offer(
        "Integrationskurs für Frauen", description="Mit Kinderbetreuung."
    )
    await given.translation(translated, "ar", "title", "دورة الاندماج للنساء")
    await given.translation(translated, "ar", "description", "مع رعاية الأطفال.", state="outdated")
    german_only = await given.offer("Sprachcafé")
    query = """{ offers(orderBy: TITLE) { edges { node {
        title description language textDirection translationState english: title(lang: "en")
    } } } }"""
    # when
    body = await graphql(query, headers={"Accept-Language": "ar-SY, en;q=0.5"})
    # then
    nodes = [e["node"] for e in body["data"]["offers"]["edges"]]
    assert nodes[0] == {
        "title": "دورة الاندماج للنساء",
        "description": "مع رعاية الأطفال.",
        "language": "ar",
        "textDirection": "RTL".lower(),
        "translationState": "UP_TO_DATE",
        "english": "Integrationskurs für Frauen",
    }
    assert nodes[1]["title"] == german_only.title
    assert nodes[1]["language"] == "de"
    assert nodes[1]["textDirection"] == "ltr"
    assert nodes[1]["translationState"] == "MISSING"


@pytest.mark.parametrize(
    ("accept_language", "served"),
    [
        ("fr, en", "en"),  # French is not served: the next choice, not German
        ("es, ar;q=0.9, en;q=0.1", "ar"),
        ("fr-CA, pl", "de"),  # nothing served: German
        ("uk;q=0.2, en;q=0.8", "en"),  # by quality, not by position
    ],
)
async def test_the_operation_is_answered_in_the_first_served_language_of_the_list(
    given: Given, client: httpx.AsyncClient, accept_language: str, served: str
) -> None:
    # given an offer translated into English and Arabic
    offer = await given.offer("Integrationskurs für Frauen")
    await given.translation(offer, "en", "title", "Integration course for women")
    await given.translation(offer, "ar", "title", "دورة الاندماج للنساء")
    # when
    response = await client.post(
        "/graphql",
        json={"query": "{ offers { edges { node { title language } } } }"},
        headers={"Accept-Language": accept_language},
    )
    # then the texts and the response name the same one language
    assert response.headers["content-language"] == served
    assert "Accept-Language" in response.headers["vary"]
    node = response.json()["data"]["offers"]["edges"][0]["node"]
    titles = {
        "en": "Integration course for women",
        "ar": "دورة الاندماج للنساء",
        "de": "Integrationskurs für Frauen",
    }
    assert node == {"title": titles[served], "language": served}


async def test_offer_shows_provider_location_course_type_and_upcoming_runs(
    given: Given, graphql: GraphQL
) -> None:
    # given
    provider = await given.provider("VHS Magdeburg")
    location = await given.location(provider, area="13")
    b1 = await given.course_type("BAMF_IK_ALLG", "B1", "Allgemeiner Integrationskurs")
    offer = await given.offer(
        "Integrationskurs", provider=provider, location=location, course_type=b1
    )
    await given.run(offer, -200, end_date=date.today() - timedelta(days=10), status="finished")
    await given.run(offer, 30, capacity=20, booked=18)
    await given.run(offer, 60, capacity=None, booked=0)
    query = """{ offers { edges { node {
        provider { name kind } location { area { code name } } courseType { code targetLevel label }
        category { code label(lang: "en") } region { name }
        nextStart courseRuns { startDate freeSeats acceptsRegistrations }
        allRuns: courseRuns(includePast: true) { status }
    } } } }"""
    # when
    body = await graphql(query)
    # then
    node = body["data"]["offers"]["edges"][0]["node"]
    assert node["provider"] == {"name": "VHS Magdeburg", "kind": "VHS"}
    assert node["location"]["area"] == {"code": "13", "name": "Sudenburg"}
    assert node["courseType"] == {
        "code": "BAMF_IK_ALLG",
        "targetLevel": "B1",
        "label": "Allgemeiner Integrationskurs",
    }
    assert node["category"] == {"code": "language_course", "label": "Language courses"}
    assert node["region"] == {"name": "Magdeburg"}
    assert node["nextStart"] == str(date.today() + timedelta(days=30))
    assert node["courseRuns"] == [
        {
            "startDate": str(date.today() + timedelta(days=30)),
            "freeSeats": 2,
            "acceptsRegistrations": True,
        },
        {
            "startDate": str(date.today() + timedelta(days=60)),
            "freeSeats": None,
            "acceptsRegistrations": True,
        },
    ]
    assert [r["status"] for r in node["allRuns"]] == ["FINISHED", "OPEN", "OPEN"]


ENTITIES = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Offer { id title }
    ... on Provider { id name }
    ... on CourseRun { id freeSeats offer { id } }
    ... on Region { ars supply { courseTypeCode level upcomingStarts freeSeats } }
  }
}
"""


async def test_gateway_resolves_entities_in_one_batch(given: Given, graphql: GraphQL) -> None:
    # given
    provider = await given.provider("Caritas Magdeburg")
    offer = await given.offer("Migrationsberatung", provider=provider, category="counselling")
    draft = await given.offer("Entwurf", provider=provider, status="draft")
    run = await given.run(offer, 5, capacity=10, booked=3)
    # when
    body = await graphql(
        ENTITIES,
        {
            "representations": [
                {"__typename": "Offer", "id": gid("Offer", offer.id)},
                {"__typename": "Provider", "id": gid("Provider", provider.id)},
                {"__typename": "CourseRun", "id": gid("CourseRun", run.id)},
                {"__typename": "Offer", "id": gid("Offer", draft.id)},
            ]
        },
    )
    # then: a draft is not visible to the public, even by id
    assert body["data"]["_entities"] == [
        {"id": gid("Offer", offer.id), "title": "Migrationsberatung"},
        {"id": gid("Provider", provider.id), "name": "Caritas Magdeburg"},
        {"id": gid("CourseRun", run.id), "freeSeats": 7, "offer": {"id": gid("Offer", offer.id)}},
        None,
    ]


async def test_region_supply_counts_upcoming_language_courses(
    given: Given, graphql: GraphQL
) -> None:
    # given: runs in Magdeburg and in a Börde municipality
    b1 = await given.course_type("BAMF_IK_ALLG", "B1", "Allgemeiner Integrationskurs")
    b2 = await given.course_type("BSK_B2", "B2", "Berufssprachkurs B2")
    magdeburg = await given.provider("VHS Magdeburg")
    boerde = await given.provider("VHS Börde", region="150830270270")
    ik = await given.offer("Integrationskurs", provider=magdeburg, course_type=b1)
    bsk = await given.offer("Berufssprachkurs", provider=magdeburg, course_type=b2)
    ik_boerde = await given.offer("Integrationskurs Haldensleben", provider=boerde, course_type=b1)
    await given.run(ik, 14, capacity=20, booked=15)  # counts: 5 free
    await given.run(ik, 40, capacity=20, booked=20, status="full")  # not accepting registrations
    await given.run(ik, 200, capacity=20, booked=0)  # beyond 26 weeks
    await given.run(ik, -5, capacity=20, booked=3, status="running")  # started already
    await given.run(bsk, 30, capacity=None, booked=0)  # counts, unlimited seats add nothing
    await given.run(ik_boerde, 20, capacity=15, booked=5)
    draft = await given.offer("Entwurf", provider=magdeburg, course_type=b1, status="draft")
    await given.run(draft, 10, capacity=20, booked=0)
    # when
    body = await graphql(
        ENTITIES,
        {
            "representations": [
                {"__typename": "Region", "ars": "150030000000"},
                {"__typename": "Region", "ars": "150000000000"},
            ]
        },
    )
    # then
    magdeburg_supply, state_supply = body["data"]["_entities"]
    assert magdeburg_supply["supply"] == [
        {"courseTypeCode": "BAMF_IK_ALLG", "level": "B1", "upcomingStarts": 1, "freeSeats": 5},
        {"courseTypeCode": "BSK_B2", "level": "B2", "upcomingStarts": 1, "freeSeats": 0},
    ]
    assert state_supply["supply"][0] == {
        "courseTypeCode": "BAMF_IK_ALLG",
        "level": "B1",
        "upcomingStarts": 2,
        "freeSeats": 15,
    }


async def test_a_page_costs_the_same_queries_for_5_or_25_offers(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given
    query = """{ offers(first: 100) { totalCount edges { node {
        title language provider { name } location { name area { name } } category { label }
        courseType { code } region { name } courseRuns { freeSeats location { city } } nextStart
    } } } }"""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    b1 = await given.course_type("BAMF_IK_ALLG", "B1", "Allgemeiner Integrationskurs")

    async def add(n: int) -> None:
        for index in range(n):
            provider = await given.provider(f"Träger {index}")
            offer = await given.offer(
                f"Kurs {index}",
                provider=provider,
                location=await given.location(provider, area="01"),
                course_type=b1,
            )
            await given.run(offer, 10 + index)

    async def statements_for_page() -> int:
        statements.clear()
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            body = await graphql(query, headers={"Accept-Language": "fa"})
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
        assert "errors" not in body, body
        return len([s for s in statements if "SAVEPOINT" not in s.upper()])

    # when
    await add(5)
    small = await statements_for_page()
    await add(20)
    large = await statements_for_page()
    # then
    assert large == small
    assert small <= 12


async def test_course_runs_providers_and_code_lists(given: Given, graphql: GraphQL) -> None:
    # given
    b1 = await given.course_type("BAMF_IK_ALLG", "B1", "Allgemeiner Integrationskurs")
    vhs = await given.provider("VHS Magdeburg")
    await given.provider("Arbeiterwohlfahrt Börde", region="150830270270")
    offer = await given.offer("Integrationskurs", provider=vhs, course_type=b1)
    later = await given.run(offer, 40)
    sooner = await given.run(offer, 10, capacity=12, booked=12)
    query = """{
      free: courseRuns(filter: {regionArs: "150030000000", hasFreeSeats: true}) {
        totalCount edges { node { id } } }
      all: courseRuns(filter: {levels: [B1]}) { edges { node { id offer { title } } } }
      providers(regionArs: "150830000000") { edges { node { name } } }
      courseTypes { code }
      categories { code parentCode }
    }"""
    # when
    body = await graphql(query)
    # then
    data = body["data"]
    assert ids(body, "free") == [gid("CourseRun", later.id)]
    assert data["free"]["totalCount"] == 1
    assert ids(body, "all") == [gid("CourseRun", sooner.id), gid("CourseRun", later.id)]
    assert data["providers"]["edges"] == [{"node": {"name": "Arbeiterwohlfahrt Börde"}}]
    assert {"code": "BAMF_IK_ALLG"} in data["courseTypes"]
    assert {"code": "language_course", "parentCode": "language"} in data["categories"]


def test_schema_keeps_the_federation_contract() -> None:
    # the surveys subgraph requires these fields of Region.supply (docs/federation-contract.md)
    sdl = schema.as_str()
    assert "type LanguageCourseSupply @shareable" in sdl
    assert 'type Offer implements Node @key(fields: "id")' in sdl
    assert 'type Provider implements Node @key(fields: "id")' in sdl
    assert 'type CourseRun implements Node @key(fields: "id")' in sdl
    # the field the surveys subgraph requires, with the report date's argument (optional)
    assert "  ): [LanguageCourseSupply!]!" in sdl and "    on: Date = null" in sdl


async def test_pathways_with_their_steps_offers_and_categories(
    session: AsyncSession, graphql: GraphQL, tokens: TestTokens
) -> None:
    # given: the demo has two published pathways in Magdeburg; one step offer is a draft
    await load_into(session)
    draft = await session.get(Offer, demo_id("offer", "vhs-ik-eltern-entwurf"))
    assert draft is not None
    step = await session.get(PathwayStep, demo_id("pathway_step", "ausbildung:2"))
    assert step is not None
    step.offer_ids = [*step.offer_ids, draft.id]
    await session.flush()
    query = """{ pathways(regionArs: "150030000000") { edges { node {
        title steps { position title categories { code } offers { title } } } } } }"""
    # when
    public = await graphql(query)
    coordinator = await graphql(query, headers=tokens.for_role(Role.COORDINATOR, MAGDEBURG))
    # then
    pathways = [e["node"] for e in public["data"]["pathways"]["edges"]]
    assert [p["title"] for p in pathways] == [
        "Mit ausländischem Abschluss in den Beruf",
        "Vom Integrationskurs in die Ausbildung",
    ]
    second_step = pathways[1]["steps"][1]
    assert second_step["position"] == 2
    assert second_step["categories"] == [{"code": "language_course"}]
    assert draft.title not in [o["title"] for o in second_step["offers"]]
    assert len(second_step["offers"]) == 3
    step_offers = coordinator["data"]["pathways"]["edges"][1]["node"]["steps"][1]["offers"]
    assert draft.title in [o["title"] for o in step_offers]


async def test_node_finds_any_object_by_id(given: Given, graphql: GraphQL) -> None:
    # given
    provider = await given.provider("VHS Magdeburg")
    location = await given.location(provider, area="01")
    offer = await given.offer("Integrationskurs", provider=provider, location=location)
    draft = await given.offer("Entwurf", provider=provider, status="draft")
    nodes = {}
    # when
    for name, node_id in {
        "offer": gid("Offer", offer.id),
        "provider": gid("Provider", provider.id),
        "location": gid("Location", location.id),
        "draft": gid("Offer", draft.id),
    }.items():
        body = await graphql(
            "query ($id: ID!) { node(id: $id) { __typename id ... on Offer { title } } }",
            {"id": node_id},
        )
        nodes[name] = body["data"]["node"]
    # then
    assert nodes["offer"] == {
        "__typename": "Offer",
        "id": gid("Offer", offer.id),
        "title": "Integrationskurs",
    }
    assert nodes["provider"]["__typename"] == "Provider"
    assert nodes["location"] == {"__typename": "Location", "id": gid("Location", location.id)}
    assert nodes["draft"] is None


REGION_ENTITIES = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Region { ars name areas { code } supply { courseTypeCode startLevel freeSeats } }
  }
}
"""


async def test_region_entities_load_in_a_fixed_number_of_statements(
    session: AsyncSession, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given: the demo catalogue; the gateway asks for one region, then for all nine at once
    await load_into(session)
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    async def statements_for(regions: list[str]) -> int:
        statements.clear()
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            body = await graphql(
                REGION_ENTITIES,
                {"representations": [{"__typename": "Region", "ars": ars} for ars in regions]},
            )
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
        assert "errors" not in body, body
        assert [entity["ars"] for entity in body["data"]["_entities"]] == regions
        return len([s for s in statements if "SAVEPOINT" not in s.upper()])

    every_region = [r.ars for r in REGIONS]
    # when
    one = await statements_for([MAGDEBURG])
    nine = await statements_for(every_region)
    # then: regions, areas and supply are each one batched query, however many regions
    assert nine == one
    assert one <= 5
