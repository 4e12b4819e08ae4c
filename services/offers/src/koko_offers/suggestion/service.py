"""Suggestions while typing: course types, offer titles and providers whose words begin with
the words typed; a word no offer contains is first corrected to the most similar word of the
catalogue (typos: "integraz" completes to Integrationskurs)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_type import repository as course_type_repository
from koko_offers.offer import text_search
from koko_offers.offer.criteria import OfferCriteria, filter_conditions
from koko_offers.offer.visibility import ReadScope
from koko_offers.search_term import repository as search_term_repository
from koko_offers.suggestion import repository

# A word typed so far resembles the beginning of a dictionary word at least this much.
MIN_BEGINNING_SIMILARITY = 0.5
MAX_PER_KIND = 20


class SuggestionKind(StrEnum):
    COURSE_TYPE = "course_type"
    TITLE = "title"
    PROVIDER = "provider"


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: SuggestionKind
    text: str
    value: str  # course type code, the title itself, provider id
    offers: int | None = None  # titles: how many of the first matches carry it


def _plain(value: str) -> list[str]:
    """Lower-case words without accents, as the database's koko_unaccent compares them."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text_search.normalized_words(stripped.replace("ß", "ss"))


def _begins(words: list[str], candidate: str) -> bool:
    candidate_words = _plain(candidate)
    return all(any(c.startswith(w) for c in candidate_words) for w in words)


async def suggest(
    session: AsyncSession, typed: str, *, language: str, scope: ReadScope, per_kind: int
) -> list[Suggestion]:
    """Course types first (a filter value), then titles of offers `scope` may read (most
    frequent first), then providers, at most `per_kind` of each."""
    words = text_search.search_words(typed)
    if not words:
        return []
    await text_search.plan_for_search(session)
    unknown = await text_search.unknown_words(session, words)
    if unknown:
        corrections = await search_term_repository.corrections(
            session, sorted(unknown), min_similarity=MIN_BEGINNING_SIMILARITY, beginnings=True
        )
        words = [corrections.get(w, w) for w in words]
    plain = [w for word in words for w in _plain(word)]
    found: list[Suggestion] = []
    for course_type in await course_type_repository.valid_on(session, date.today()):
        label = course_type.label.get(language) or course_type.label.get("de") or ""
        texts = [label, course_type.label.get("de") or "", course_type.code.replace("_", " ")]
        if any(_begins(plain, t) for t in texts if t):
            found.append(Suggestion(SuggestionKind.COURSE_TYPE, label, course_type.code))
    found = found[:per_kind]
    query = text_search.words_query(words)
    conditions = filter_conditions(OfferCriteria(), scope)
    for title, count in await repository.titles(session, conditions, query, per_kind):
        found.append(Suggestion(SuggestionKind.TITLE, title, title, count))
    for provider_id, name in await repository.providers(session, query, per_kind):
        found.append(Suggestion(SuggestionKind.PROVIDER, name, str(provider_id)))
    return found
