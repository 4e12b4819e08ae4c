"""Every code list is labelled in every language Koko serves, and every translatable field says
whether it is shown translated (no silent fallback to German)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.demo import load_into
from koko_shared.i18n import SERVED_LANGUAGES

from .conftest import Given, GraphQL

LABELS = """
query ($lang: String) {
  categories { code label(lang: $lang) labelTranslationState(lang: $lang) }
  courseTypes { code label(lang: $lang) labelTranslationState(lang: $lang) }
  levels: codeList(kind: LEVEL, lang: $lang) { code label language translationState }
  targetGroups: codeList(kind: TARGET_GROUP, lang: $lang) {
    code label language translationState
  }
  servedLanguages
}
"""


@pytest.mark.parametrize("language", SERVED_LANGUAGES)
async def test_every_code_list_is_labelled_in_every_served_language(
    session: AsyncSession, graphql: GraphQL, language: str
) -> None:
    # given: the reference code lists
    await load_into(session)
    german = (await graphql(LABELS, {"lang": "de"}))["data"]
    # when
    body = await graphql(LABELS, {"lang": language})
    # then
    assert "errors" not in body, body
    data = body["data"]
    expected = "SOURCE" if language == "de" else "UP_TO_DATE"
    for kind in ("categories", "courseTypes"):
        assert {row["labelTranslationState"] for row in data[kind]} == {expected}, kind
        assert all(row["label"] for row in data[kind])
    for kind in ("levels", "targetGroups"):
        assert {row["translationState"] for row in data[kind]} == {expected}, kind
        assert {row["language"] for row in data[kind]} == {language}
    if language not in ("de", "en"):
        # Really translated: no label equals the German one (CEFR codes aside).
        for kind in ("categories", "courseTypes", "targetGroups"):
            shown = {row["label"] for row in data[kind]}
            assert not shown & {row["label"] for row in german[kind]}, kind
    assert data["servedLanguages"][0] == "de" and language in data["servedLanguages"]
    assert "WOMEN" in {row["code"] for row in data["targetGroups"]}


async def test_a_language_koko_does_not_serve_falls_back_to_german_and_says_so(
    session: AsyncSession, graphql: GraphQL
) -> None:
    # given
    await load_into(session)
    # when
    body = await graphql(LABELS, {"lang": "ro"})
    german = await graphql(LABELS, {"lang": "de"})
    # then
    data = body["data"]
    assert {row["labelTranslationState"] for row in data["categories"]} == {"MISSING"}
    assert [r["label"] for r in data["categories"]] == [
        r["label"] for r in german["data"]["categories"]
    ]
    assert {(row["language"], row["translationState"]) for row in data["targetGroups"]} == {
        ("de", "MISSING")
    }


async def test_transit_note_and_other_texts_say_whether_they_are_translated(
    given: Given, graphql: GraphQL
) -> None:
    # given: a location whose transit note exists in Ukrainian only
    provider = await given.provider()
    location = await given.location(provider)
    location.transit_note = "Straßenbahn 1, Haltestelle Leibnizstraße"
    offer = await given.offer(
        "Sprachcafé", provider=provider, location=location, fee_note="kostenlos"
    )
    await given.session.flush()
    await given.translation(offer, "uk", "title", "Мовне кафе")
    from koko_offers.translation.models import Translation

    given.session.add(
        Translation(
            entity="location",
            entity_id=location.id,
            field="transit_note",
            language="uk",
            text="Трамвай 1, зупинка Leibnizstraße",
            source_hash="0" * 64,
        )
    )
    await given.session.flush()
    query = """
    query ($lang: String) {
      offers { edges { node {
        title(lang: $lang) translationState(lang: $lang)
        descriptionTranslationState(lang: $lang)
        feeNote(lang: $lang) feeNoteTranslationState(lang: $lang)
        eligibilityNoteTranslationState(lang: $lang)
        location { transitNote(lang: $lang) transitNoteTranslationState(lang: $lang) }
        provider { descriptionTranslationState(lang: $lang) }
      } } }
    }"""
    # when
    ukrainian = await graphql(query, {"lang": "uk"})
    arabic = await graphql(query, {"lang": "ar"})
    # then
    [uk] = [e["node"] for e in ukrainian["data"]["offers"]["edges"]]
    [ar] = [e["node"] for e in arabic["data"]["offers"]["edges"]]
    assert (uk["title"], uk["translationState"]) == ("Мовне кафе", "UP_TO_DATE")
    assert uk["location"] == {
        "transitNote": "Трамвай 1, зупинка Leibnizstraße",
        "transitNoteTranslationState": "UP_TO_DATE",
    }
    assert (uk["feeNote"], uk["feeNoteTranslationState"]) == ("kostenlos", "MISSING")
    assert uk["eligibilityNoteTranslationState"] is None
    assert uk["provider"] == {"descriptionTranslationState": None}
    assert ar["location"] == {
        "transitNote": "Straßenbahn 1, Haltestelle Leibnizstraße",
        "transitNoteTranslationState": "MISSING",
    }
    assert ar["translationState"] == "MISSING"
