"""Filtering offers: category tree, course type and level, region, area, date window with free
seats, distance, target groups and languages; and who sees drafts."""

from __future__ import annotations

from datetime import date, timedelta

from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import Given, GraphQL, gid, ids

OFFERS = """
query ($filter: OfferFilter, $orderBy: OfferOrder) {
  offers(filter: $filter, orderBy: $orderBy, first: 50) {
    edges { node { id } distanceKm }
  }
}
"""


async def test_category_includes_its_subcategories(given: Given, graphql: GraphQL) -> None:
    # given: language_course is a child of language
    course = await given.offer("Integrationskurs", category="language_course")
    await given.offer("Migrationsberatung", category="counselling")
    # when
    body = await graphql(OFFERS, {"filter": {"categories": ["language"]}})
    # then
    assert ids(body) == [gid("Offer", course.id)]


async def test_course_type_and_level(given: Given, graphql: GraphQL) -> None:
    # given
    b1 = await given.course_type("BAMF_IK_ALLG", "B1", "Allgemeiner Integrationskurs")
    b2 = await given.course_type("BSK_B2", "B2", "Berufssprachkurs B2")
    general = await given.offer("Integrationskurs", course_type=b1)
    job = await given.offer("Berufssprachkurs", course_type=b2)
    # when
    by_level = await graphql(OFFERS, {"filter": {"levels": ["B2"]}})
    by_type = await graphql(OFFERS, {"filter": {"courseTypes": ["BAMF_IK_ALLG"]}})
    # then
    assert ids(by_level) == [gid("Offer", job.id)]
    assert ids(by_type) == [gid("Offer", general.id)]


async def test_district_includes_its_municipalities(given: Given, graphql: GraphQL) -> None:
    # given
    haldensleben = await given.provider("VHS Börde", region="150830270270")
    magdeburg = await given.provider("VHS Magdeburg", region="150030000000")
    in_boerde = await given.offer("Sprachkurs Haldensleben", provider=haldensleben)
    await given.offer("Sprachkurs Magdeburg", provider=magdeburg)
    # when
    district = await graphql(OFFERS, {"filter": {"regionArs": "150830000000"}})
    other = await graphql(OFFERS, {"filter": {"regionArs": "150830040040"}})
    # then
    assert ids(district) == [gid("Offer", in_boerde.id)]
    assert ids(other) == []


async def test_area_of_the_location(given: Given, graphql: GraphQL) -> None:
    # given: Stadtteil 13 is Sudenburg, 01 Altstadt
    provider = await given.provider()
    sudenburg = await given.offer(
        "Elterncafé", provider=provider, location=await given.location(provider, area="13")
    )
    await given.offer(
        "Sprachcafé", provider=provider, location=await given.location(provider, area="01")
    )
    # when
    body = await graphql(OFFERS, {"filter": {"regionArs": "150030000000", "areas": ["13"]}})
    # then
    assert ids(body) == [gid("Offer", sudenburg.id)]


async def test_free_seats_must_be_in_the_same_run_as_the_window(
    given: Given, graphql: GraphQL
) -> None:
    # given: offer A has a full run in the window and a free run later; B a free run in it
    a = await given.offer("Integrationskurs A")
    await given.run(a, 10, capacity=16, booked=16)
    await given.run(a, 90, capacity=16, booked=2)
    b = await given.offer("Integrationskurs B")
    await given.run(b, 20, capacity=16, booked=10)
    c = await given.offer("Integrationskurs C")
    await given.run(c, 20, capacity=16, booked=1, status="cancelled")
    # when
    free_in_window = await graphql(
        OFFERS,
        {"filter": {"startsBetween": {"from": _days(0), "to": _days(30)}, "hasFreeSeats": True}},
    )
    starting_in_window = await graphql(
        OFFERS, {"filter": {"startsBetween": {"from": _days(0), "to": _days(30)}}}
    )
    # then
    assert ids(free_in_window) == [gid("Offer", b.id)]
    assert sorted(ids(starting_in_window)) == sorted([gid("Offer", a.id), gid("Offer", b.id)])


async def test_near_orders_by_distance(given: Given, graphql: GraphQL) -> None:
    # given: Magdeburg Hauptbahnhof 52.1306/11.6270; Altstadt ~0.5 km, Olvenstedt ~5 km,
    # Haldensleben ~25 km
    provider = await given.provider()
    close = await given.offer(
        "Kurs Altstadt",
        provider=provider,
        location=await given.location(provider, lat=52.1340, lon=11.6340),
    )
    farther = await given.offer(
        "Kurs Olvenstedt",
        provider=provider,
        location=await given.location(provider, lat=52.15, lon=11.56),
    )
    await given.offer(
        "Kurs Haldensleben",
        provider=provider,
        location=await given.location(provider, lat=52.2833, lon=11.4167),
    )
    await given.offer("Online-Kurs", provider=provider, format="online")
    # when
    body = await graphql(
        OFFERS,
        {
            "filter": {"near": {"lat": 52.1306, "lon": 11.6270, "radiusKm": 10}},
            "orderBy": "DISTANCE",
        },
    )
    # then
    assert ids(body) == [gid("Offer", close.id), gid("Offer", farther.id)]
    distances = [e["distanceKm"] for e in body["data"]["offers"]["edges"]]
    assert 0.3 < distances[0] < 1.0
    assert 4 < distances[1] < 6


async def test_target_groups_and_languages(given: Given, graphql: GraphQL) -> None:
    # given
    women = await given.offer(
        "Frauenkurs", target_groups=["women", "parents"], support_languages=["ar", "fa"]
    )
    youth = await given.offer(
        "Jugendkurs", target_groups=["youth_under_27"], instruction_languages=["de"]
    )
    # when
    for_women = await graphql(OFFERS, {"filter": {"targetGroups": ["WOMEN"]}})
    in_farsi = await graphql(OFFERS, {"filter": {"languages": ["fa"]}})
    in_german = await graphql(OFFERS, {"filter": {"languages": ["de"]}})
    # then
    assert ids(for_women) == [gid("Offer", women.id)]
    assert ids(in_farsi) == [gid("Offer", women.id)]
    assert ids(in_german) == [gid("Offer", youth.id)]


async def test_drafts_show_only_to_their_coordinators_and_provider(
    given: Given, graphql: GraphQL, tokens: TestTokens
) -> None:
    # given
    provider = await given.provider()
    draft = await given.offer("Neuer Kurs (Entwurf)", provider=provider, status="draft")
    published = await given.offer("Kurs", provider=provider)
    drafts_too = {"filter": {"status": ["DRAFT", "PUBLISHED"]}}
    # when
    public = await graphql(OFFERS, drafts_too)
    coordinator = await graphql(
        OFFERS, drafts_too, tokens.for_role(Role.COORDINATOR, "150030000000")
    )
    other_coordinator = await graphql(
        OFFERS, drafts_too, tokens.for_role(Role.COORDINATOR, "150830000000")
    )
    own_provider = await graphql(
        OFFERS,
        drafts_too,
        tokens.for_role(Role.PROVIDER, "150030000000", organization=str(provider.id)),
    )
    # then
    everything = sorted([gid("Offer", draft.id), gid("Offer", published.id)])
    assert ids(public) == [gid("Offer", published.id)]
    assert sorted(ids(coordinator)) == everything
    assert ids(other_coordinator) == [gid("Offer", published.id)]
    assert sorted(ids(own_provider)) == everything


async def test_invalid_filters_are_clear_errors(given: Given, graphql: GraphQL) -> None:
    # when
    bad_region = await graphql(OFFERS, {"filter": {"regionArs": "15003"}})
    bad_radius = await graphql(
        OFFERS, {"filter": {"near": {"lat": 52, "lon": 11, "radiusKm": 5000}}}
    )
    bad_window = await graphql(
        OFFERS, {"filter": {"startsBetween": {"from": "2027-02-01", "to": "2027-01-01"}}}
    )
    distance_without_near = await graphql(OFFERS, {"orderBy": "DISTANCE"})
    too_many = await graphql("{ offers(first: 101) { edges { cursor } } }")
    bad_cursor = await graphql('{ offers(after: "bm9wZQ") { edges { cursor } } }')
    # then
    for body, text in [
        (bad_region, "not a valid Regionalschlüssel"),
        (bad_radius, "radiusKm"),
        (bad_window, "must not be after"),
        (distance_without_near, "needs filter.near"),
        (too_many, "at most 100"),
        (bad_cursor, "cursor is not valid"),
    ]:
        # null data for an execution error; no data at all for a request the gateway refuses
        # before executing it (a limit), as GraphQL over HTTP defines
        assert body.get("data") is None
        assert text in body["errors"][0]["message"]


def _days(n: int) -> str:
    return str(date.today() + timedelta(days=n))


async def test_next_start_pages_through_runs_then_offers_without_one(
    given: Given, graphql: GraphQL
) -> None:
    # given: next starts 5 (twice, a tie broken by id), 10 and 20 days ahead; one offer whose
    # runs are over or cancelled and one without runs come last (by id); a draft never shows
    soon_a = await given.offer("Kurs A")
    soon_b = await given.offer("Kurs B")
    later = await given.offer("Kurs C")
    latest = await given.offer("Kurs D")
    past = await given.offer("Kurs E")
    no_runs = await given.offer("Kurs F")
    draft = await given.offer("Kurs G", status="draft")
    for offer in (soon_a, soon_b):
        await given.run(offer, 5)
        await given.run(offer, 5)  # two runs on the same day count once
        await given.run(offer, 40)
    await given.run(later, 10)
    await given.run(later, 3, status="cancelled")
    await given.run(latest, 20)
    await given.run(latest, -30)
    await given.run(past, -10)
    await given.run(past, 2, status="cancelled")
    await given.run(draft, 1)
    query = """
    query ($after: String) {
      offers(first: 2, after: $after, orderBy: NEXT_START) {
        edges { node { id nextStart } } pageInfo { hasNextPage endCursor }
      }
    }"""
    # when: page by page
    seen: list[str] = []
    after = None
    for _ in range(10):
        body = await graphql(query, {"after": after})
        page = body["data"]["offers"]
        seen.extend(e["node"]["id"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then
    first_two = sorted([soon_a.id, soon_b.id])
    tail = sorted([past.id, no_runs.id])
    expected = [*first_two, later.id, latest.id, *tail]
    assert seen == [gid("Offer", i) for i in expected]
    in_5_days = str(date.today() + timedelta(days=5))
    body = await graphql(query, {"after": None})
    assert [e["node"]["nextStart"] for e in body["data"]["offers"]["edges"]] == [in_5_days] * 2
