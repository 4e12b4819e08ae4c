"""Search synonyms: what newcomers type finds what the catalogue calls it, integration courses
first; coordinators extend the list; an unknown category code is an error naming the valid
ones."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.demo import load_into
from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import Given, GraphQL

SEARCH = """
query ($search: String, $first: Int) {
  offers(first: $first, filter: {search: $search}) {
    totalCount edges { node { id title } }
  }
}
"""
CREATE = """
mutation ($input: SearchSynonymCreateInput!) {
  searchSynonymCreate(input: $input) {
    searchSynonym { id language phrase expansion weight }
    errors { field code message }
  }
}
"""
DELETE = """
mutation ($id: ID!) {
  searchSynonymDelete(id: $id) { searchSynonym { phrase } errors { field code } }
}
"""


def _titles(body: dict[str, Any]) -> list[str]:
    assert "errors" not in body, body
    return [edge["node"]["id"] for edge in body["data"]["offers"]["edges"]]


@pytest.mark.parametrize(
    "search",
    [
        "Deutschkurs",
        "Sprachkurs",
        "German course",
        "курс німецької",
        "курсы немецкого языка",
        "دورة لغة ألمانية",
        "کلاس زبان آلمانی",
        "Almanca kursu",
    ],
)
async def test_what_newcomers_type_finds_the_integration_courses_first(
    session: AsyncSession, graphql: GraphQL, search: str
) -> None:
    # given: the demo catalogue, whose integration courses a search for the word finds
    await load_into(session)
    integration = await graphql(SEARCH, {"search": "Integrationskurs", "first": 100})
    courses = set(_titles(integration))
    # when
    body = await graphql(SEARCH, {"search": search, "first": 100})
    # then: the integration courses come first, then the other language courses
    found = _titles(body)
    assert len(courses) == 25
    assert set(found[: len(courses)]) == courses
    assert body["data"]["offers"]["totalCount"] > len(courses)


async def test_a_coordinator_teaches_the_search_a_new_phrase(
    given: Given, graphql: GraphQL, tokens: TestTokens
) -> None:
    # given: an offer people look for under another name
    offer = await given.offer("Jobcoaching für Geflüchtete", category="vocational_orientation")
    coordinator = tokens.for_role(Role.COORDINATOR, "150030000000")
    before = await graphql(SEARCH, {"search": "Bewerbungstraining"})
    # when
    created = await graphql(
        CREATE,
        {
            "input": {
                "language": "de",
                "phrase": " Bewerbungs-Training ",
                "expansion": "Jobcoaching",
            }
        },
        coordinator,
    )
    after = await graphql(SEARCH, {"search": "bewerbungs training"})
    listed = await graphql(
        '{ searchSynonyms(phrase: "Bewerbungs Training") { phrase expansion weight } }'
    )
    synonym = created["data"]["searchSynonymCreate"]["searchSynonym"]
    deleted = await graphql(DELETE, {"id": synonym["id"]}, coordinator)
    gone = await graphql(SEARCH, {"search": "Bewerbungstraining"})
    # then
    assert _titles(before) == []
    assert created["data"]["searchSynonymCreate"]["errors"] == []
    assert (synonym["phrase"], synonym["expansion"]) == ("bewerbungs training", "jobcoaching")
    assert len(_titles(after)) == 1 and offer.title
    assert listed["data"]["searchSynonyms"] == [
        {"phrase": "bewerbungs training", "expansion": "jobcoaching", "weight": 2.0}
    ]
    assert deleted["data"]["searchSynonymDelete"]["errors"] == []
    assert _titles(gone) == []


async def test_synonym_input_is_checked_and_only_coordinators_write(
    given: Given, graphql: GraphQL, tokens: TestTokens
) -> None:
    # given
    coordinator = tokens.for_role(Role.COORDINATOR, "150030000000")
    provider = tokens.for_role(Role.PROVIDER, "150030000000", organization="x")
    good = {"language": "en", "phrase": "job help", "expansion": "Jobcoaching"}
    # when
    anonymous = await graphql(CREATE, {"input": good})
    as_provider = await graphql(CREATE, {"input": good}, provider)
    bad = await graphql(
        CREATE,
        {"input": {"language": "english!", "phrase": "...", "expansion": "x", "weight": 50}},
        coordinator,
    )
    same = await graphql(CREATE, {"input": {**good, "expansion": "Job help"}}, coordinator)
    first = await graphql(CREATE, {"input": good}, coordinator)
    twice = await graphql(CREATE, {"input": good}, coordinator)

    # then
    def errors(body: dict[str, Any]) -> set[tuple[str | None, str]]:
        return {(e["field"], e["code"]) for e in body["data"]["searchSynonymCreate"]["errors"]}

    assert errors(anonymous) == {(None, "FORBIDDEN")}
    assert errors(as_provider) == {(None, "FORBIDDEN")}
    assert errors(bad) == {
        ("language", "BAD_USER_INPUT"),
        ("phrase", "BAD_USER_INPUT"),
        ("weight", "BAD_USER_INPUT"),
    }
    assert errors(same) == {("expansion", "BAD_USER_INPUT")}
    assert errors(first) == set()
    assert errors(twice) == {("expansion", "CONFLICT")}


async def test_an_unknown_category_code_is_an_error_naming_the_valid_codes(
    given: Given, graphql: GraphQL
) -> None:
    # given
    await given.offer("Sprachcafé", category="language_practice")
    # when
    body = await graphql(
        '{ offers(filter: {categories: ["language", "languages"]}) { edges { node { id } } } }'
    )
    known = await graphql('{ offers(filter: {categories: ["language"]}) { totalCount } }')
    # then
    [error] = body["errors"]
    assert "unknown category code 'languages'" in error["message"]
    assert "valid codes:" in error["message"] and "language_practice" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert known["data"]["offers"]["totalCount"] == 1
