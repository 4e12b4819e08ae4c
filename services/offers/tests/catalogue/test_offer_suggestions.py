"""Autocomplete: what was typed so far completes to course types, offer titles and providers,
typos included; drafts never show to the public."""

from __future__ import annotations

from typing import Any

from .conftest import Given, GraphQL

SUGGEST = """
query ($text: String!, $lang: String) {
  offerSuggestions(text: $text, perKind: 5, lang: $lang) { kind text value offers }
}
"""


async def _suggest(graphql: GraphQL, text: str, lang: str | None = None) -> list[dict[str, Any]]:
    body = await graphql(SUGGEST, {"text": text, "lang": lang})
    assert "errors" not in body, body
    found: list[dict[str, Any]] = body["data"]["offerSuggestions"]
    return found


def _texts(found: list[dict[str, Any]], kind: str) -> list[str]:
    return [s["text"] for s in found if s["kind"] == kind]


async def test_word_beginnings_complete_to_titles_providers_and_course_types(
    given: Given, graphql: GraphQL
) -> None:
    # given
    b1 = await given.course_type("BAMF_IK_ALLG", "B1", "Integrationskurs (allgemein)")
    vhs = await given.provider("Volkshochschule Magdeburg")
    for _ in range(3):
        await given.offer("Integrationskurs am Abend", course_type=b1, provider=vhs)
    await given.offer("Integrationskurs für Frauen", course_type=b1)
    await given.offer("Migrationsberatung")
    # when
    typed = await _suggest(graphql, "integr")
    provider = await _suggest(graphql, "Volksh mag")
    # then: the most frequent title first, with its count
    assert _texts(typed, "TITLE") == ["Integrationskurs am Abend", "Integrationskurs für Frauen"]
    assert [s["offers"] for s in typed if s["kind"] == "TITLE"] == [3, 1]
    # (the reference code list is loaded too: every course type named "…integrations…")
    course_types = {s["value"]: s["text"] for s in typed if s["kind"] == "COURSE_TYPE"}
    assert course_types["BAMF_IK_ALLG"] == "Integrationskurs (allgemein)"
    assert all("integr" in label.lower() for label in course_types.values())
    assert _texts(provider, "PROVIDER") == ["Volkshochschule Magdeburg"]
    assert _texts(typed, "PROVIDER") == []


async def test_a_typo_still_completes(given: Given, graphql: GraphQL) -> None:
    # given
    await given.offer("Berufssprachkurs Pflege")
    await given.offer("Sprachcafé")
    # when: a letter swapped, and a misspelt beginning
    swapped = await _suggest(graphql, "Berufsprahckurs")
    beginning = await _suggest(graphql, "berufsprach pfleeg")
    # then
    assert _texts(swapped, "TITLE") == ["Berufssprachkurs Pflege"]
    assert _texts(beginning, "TITLE") == ["Berufssprachkurs Pflege"]


async def test_drafts_are_never_suggested_to_the_public(given: Given, graphql: GraphQL) -> None:
    # given
    await given.offer("Geheimkurs Entwurf", status="draft")
    await given.offer("Geheimtipp Sprachcafé")
    # when
    found = await _suggest(graphql, "geheim")
    too_long = await graphql(SUGGEST, {"text": "x" * 201})
    # then
    assert _texts(found, "TITLE") == ["Geheimtipp Sprachcafé"]
    assert "at most 200 characters" in too_long["errors"][0]["message"]
