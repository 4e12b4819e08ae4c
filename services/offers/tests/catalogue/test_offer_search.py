"""Searching offers the way a newcomer or a coordinator types: German stems, parts of compound
words, umlauts, typos and other languages, best matches first."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.demo import load_into
from koko_offers.offer import ranking
from koko_shared.graphql.ids import from_global_id

from .conftest import Given, GraphQL, gid, ids

SEARCH = """
query ($search: String!, $first: Int) {
  offers(filter: {search: $search}, first: $first) {
    totalCount
    edges { node { id title } }
  }
}
"""


async def test_german_word_forms_find_the_offer(given: Given, graphql: GraphQL) -> None:
    # given
    course = await given.offer("Deutschkurse für Frauen mit Kinderbetreuung")
    await given.offer("Beratung zur Anerkennung ausländischer Abschlüsse", category="counselling")
    # when: singular instead of plural, lower case
    body = await graphql(SEARCH, {"search": "deutschkurs frau"})
    # then
    assert ids(body) == [gid("Offer", course.id)]
    assert body["data"]["offers"]["totalCount"] == 1


async def test_part_of_a_compound_word_finds_the_offer(given: Given, graphql: GraphQL) -> None:
    # given
    course = await given.offer("Integrationskurs mit Alphabetisierung")
    # when: "kurs" is only the end of "Integrationskurs"
    body = await graphql(SEARCH, {"search": "kurs"})
    # then
    assert ids(body) == [gid("Offer", course.id)]


async def test_umlauts_and_typos_do_not_matter(given: Given, graphql: GraphQL) -> None:
    # given
    course = await given.offer("Berufssprachkurs Pflege B2")
    office = await given.offer("Bürgerbüro Sprechstunde", category="counselling")
    # when
    typo = await graphql(SEARCH, {"search": "Berufsprachkurs"})
    no_umlaut = await graphql(SEARCH, {"search": "burgerburo"})
    # then
    assert ids(typo) == [gid("Offer", course.id)]
    assert ids(no_umlaut) == [gid("Offer", office.id)]


async def test_search_finds_translations(given: Given, graphql: GraphQL) -> None:
    # given
    course = await given.offer("Integrationskurs für Eltern")
    await given.offer("Jugendintegrationskurs")
    await given.translation(course, "uk", "title", "Інтеграційний курс для батьків")
    # when
    body = await graphql(SEARCH, {"search": "батьків"})
    # then
    assert ids(body) == [gid("Offer", course.id)]


async def test_search_finds_provider_and_course_type(given: Given, graphql: GraphQL) -> None:
    # given
    b2 = await given.course_type("BSK_B2", "B2", "Berufssprachkurs B2")
    provider = await given.provider("Internationaler Bund Magdeburg")
    course = await given.offer("Deutsch für den Beruf", provider=provider, course_type=b2)
    await given.offer("Deutsch für den Alltag")
    # when
    by_provider = await graphql(SEARCH, {"search": "Internationaler Bund"})
    by_course_type = await graphql(SEARCH, {"search": "BSK_B2"})
    # then
    assert ids(by_provider) == [gid("Offer", course.id)]
    assert ids(by_course_type) == [gid("Offer", course.id)]


async def test_title_matches_rank_before_description_matches(
    given: Given, graphql: GraphQL
) -> None:
    # given
    in_description = await given.offer(
        "Sprachcafé", description="Offener Treff, auch für Teilnehmende am Integrationskurs."
    )
    in_title = await given.offer("Integrationskurs am Abend")
    # when
    body = await graphql(SEARCH, {"search": "Integrationskurs"})
    # then
    assert ids(body) == [gid("Offer", in_title.id), gid("Offer", in_description.id)]


async def test_relevance_pages_do_not_repeat_or_skip(given: Given, graphql: GraphQL) -> None:
    # given: seven matches with partly equal relevance
    created = {gid("Offer", (await given.offer(f"Sprachkurs Gruppe {n}")).id) for n in range(7)}
    query = """
    query ($after: String) {
      offers(filter: {search: "Sprachkurs"}, first: 3, after: $after) {
        edges { node { id } }
        pageInfo { hasNextPage endCursor }
      }
    }"""
    # when
    seen: list[str] = []
    after = None
    for _ in range(5):
        body = await graphql(query, {"after": after})
        seen += ids(body)
        page = body["data"]["offers"]["pageInfo"]
        if not page["hasNextPage"]:
            break
        after = page["endCursor"]
    # then
    assert len(seen) == 7
    assert set(seen) == created


async def test_hostile_search_input_is_a_clear_error(given: Given, graphql: GraphQL) -> None:
    # given
    await given.offer("Integrationskurs")
    # when
    too_long = await graphql(SEARCH, {"search": "x" * 201})
    operators = await graphql(SEARCH, {"search": "kurs & !(| ') :* \\ %_"})
    # then
    assert too_long["data"] is None
    assert "at most 200 characters" in too_long["errors"][0]["message"]
    assert "errors" not in operators
    assert len(ids(operators)) == 1


async def test_look_alikes_only_when_nothing_matches(given: Given, graphql: GraphQL) -> None:
    # given
    exact = await given.offer("Sprachkurs Nord")
    await given.offer("Sprachkunst Süd", category="counselling")
    # when
    body = await graphql(SEARCH, {"search": "Sprachkurs"})
    # then: the look-alike "Sprachkunst" does not dilute an exact match
    assert ids(body) == [gid("Offer", exact.id)]


async def test_look_alike_pages_stay_look_alike(given: Given, graphql: GraphQL) -> None:
    # given: no title contains the misspelt word
    created = {gid("Offer", (await given.offer(f"Integrationskurs {n}")).id) for n in range(5)}
    query = """
    query ($after: String) {
      offers(filter: {search: "Integrazionskurs"}, first: 2, after: $after) {
        totalCount edges { node { id } } pageInfo { hasNextPage endCursor }
      }
    }"""
    # when
    seen: list[str] = []
    after = None
    totals = set()
    for _ in range(4):
        body = await graphql(query, {"after": after})
        seen += ids(body)
        totals.add(body["data"]["offers"]["totalCount"])
        if not body["data"]["offers"]["pageInfo"]["hasNextPage"]:
            break
        after = body["data"]["offers"]["pageInfo"]["endCursor"]
    # then
    assert sorted(seen) == sorted(created)
    assert totals == {5}


async def test_total_count_up_to_stops_counting(given: Given, graphql: GraphQL) -> None:
    # given
    for number in range(5):
        await given.offer(f"Nähkurs {number}")
    await given.offer("Migrationsberatung")
    query = """
    query ($upTo: Int) {
      all: offers(filter: {search: "Nähkurs"}) { totalCount }
      capped: offers(filter: {search: "Nähkurs"}) { totalCount(upTo: $upTo) }
    }"""
    # when
    three = await graphql(query, {"upTo": 3})
    ten = await graphql(query, {"upTo": 10})
    zero = await graphql('{ offers(filter: {search: "Nähkurs"}) { totalCount(upTo: 0) } }')
    # then
    assert three["data"] == {"all": {"totalCount": 5}, "capped": {"totalCount": 3}}
    assert ten["data"]["capped"] == {"totalCount": 5}
    assert "upTo must be between 1" in zero["errors"][0]["message"]


async def test_hsds_search_ranks_like_the_graphql_search(
    session: AsyncSession, graphql: GraphQL, client: httpx.AsyncClient
) -> None:
    # given: the demo catalogue
    await load_into(session)
    for search in ("Deutschkurs", "kurs", "Integrazionskurs", "Beratung", "Sprachkurs Frauen"):
        # when
        body = await graphql(SEARCH, {"search": search, "first": 100})
        feed = (
            await client.get("/hsds/services", params={"search": search, "per_page": 100})
        ).json()
        # then: the same offers in the same order
        expected = [str(from_global_id(i)[1]) for i in ids(body)]
        assert expected, search
        got = [s["id"] for s in feed["contents"]]
        assert got == expected, (search, set(expected) - set(got), set(got) - set(expected))


async def test_synonyms_do_not_make_a_common_word_match_everything(
    given: Given, graphql: GraphQL
) -> None:
    # given: a Russian title with "курс", and integration courses whose course type is labelled
    # "Интеграционный курс" in Russian
    b1 = await given.course_type("BAMF_IK_ALLG", "B1", "Integrationskurs (allgemein)")
    b1.label = {**b1.label, "ru": "Общий интеграционный курс"}
    russian = await given.offer("Deutsch für den Alltag")
    await given.translation(russian, "ru", "title", "Курс немецкого языка")
    for number in range(3):
        await given.offer(f"Integrationskurs {number}", course_type=b1)
    # when
    word = await graphql(SEARCH, {"search": "курс"})
    label = await graphql(SEARCH, {"search": "Общий интеграционный курс"})
    # then: the word finds the title that contains it, not every course through its label; the
    # whole label names the course type
    assert ids(word) == [gid("Offer", russian.id)]
    assert len(ids(label)) == 3


async def test_an_offer_unpublished_while_its_page_is_read_is_not_shown(
    given: Given, graphql: GraphQL, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: two matches; one is unpublished between reading its tier and reading the rows
    # (each statement sees what is committed when it starts)
    kept = await given.offer("Integrationskurs Nord")
    withdrawn = await given.offer("Integrationskurs Süd")
    read_tier = ranking._read_tier

    async def tier_then_unpublish(*args: Any, **kwargs: Any) -> Any:
        keys = await read_tier(*args, **kwargs)
        withdrawn.status = "draft"
        await session.flush()
        return keys

    monkeypatch.setattr(ranking, "_read_tier", tier_then_unpublish)
    # when
    body = await graphql(SEARCH, {"search": "Integrationskurs"})
    # then
    assert ids(body) == [gid("Offer", kept.id)]
