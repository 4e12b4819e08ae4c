"""Preparing a search once per request: its words, the synonyms and code-list labels found in
it, and corrections of words no offer contains (`text_search.SearchText`); kept per vocabulary
version (`offer.search_text_cache`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.code_list import repository as code_list_repository
from koko_offers.offer import search_plans, text_search
from koko_offers.offer.search_text_cache import PREPARED_SEARCHES, PreparedSearches
from koko_offers.offer.text_search import Reading, SearchText, normalized_words
from koko_offers.search_synonym import repository as synonym_repository
from koko_offers.search_term import repository as search_term_repository
from koko_offers.search_vocabulary import repository as vocabulary_repository

# A category or course type named by its label in another language ranks like a synonym
# meaning "language course" (integration courses weigh 3).
LABEL_WEIGHT = 2.0


async def prepare_search(
    session: AsyncSession, search: str | None, cache: PreparedSearches = PREPARED_SEARCHES
) -> SearchText | None:
    """The prepared search, or None when the text has no words (then it does not filter).
    One statement when `cache` holds the words for the vocabulary's current version (which
    the statement reads, making the search's plan settings too); else the labels (once per
    version), synonyms, the known-word check and, only for unknown words, their corrections
    (and the synonyms of the corrected search)."""
    words = text_search.search_words(search) if search else []
    if not words:
        return None
    settings = text_search.needs_plan_settings(session)
    vocabulary = await vocabulary_repository.current(session, with_search_settings=settings)
    if settings:
        text_search.planned_for_search(session)
    search_plans.remember(session, vocabulary.planner_inputs)
    # A transaction that has written reads what others may never see: it neither takes nor
    # leaves anything in the cache.
    version = vocabulary.version if vocabulary.shared else None
    if version is not None:
        cached = cache.search(words, version)
        if cached is not None:
            return cached
    labels = cache.labels(version) if version is not None else None
    if labels is None:
        labels = tuple(await code_list_repository.labels_in_other_languages(session))
        if version is not None:
            cache.keep_labels(version, labels)
    prepared, unknown = await _prepare(session, words, labels)
    # Words are only ever added to the dictionary (a deletion changes the version): a search
    # whose words are all known stays as prepared; corrections of unknown words do not.
    if version is not None and not unknown:
        cache.keep_search(words, version, prepared)
    return prepared


async def _prepare(
    session: AsyncSession, words: Sequence[str], labels: Sequence[tuple[str, str]]
) -> tuple[SearchText, set[str]]:
    """The search and its unknown words."""
    readings = [
        *await synonym_repository.readings(session, words),
        *label_readings(labels, words),
    ]
    corrections: dict[str, str] = {}
    unknown = await text_search.unknown_words(session, words)
    if unknown:
        corrections = await search_term_repository.corrections(
            session, sorted(unknown), min_similarity=text_search.MIN_CORRECTION_SIMILARITY
        )
    if corrections:
        corrected = [corrections.get(w, w) for w in words]
        readings += await synonym_repository.readings(session, corrected)
        readings += label_readings(labels, corrected)
    return text_search.prepare(words, readings, corrections), unknown


def label_readings(labels: Sequence[tuple[str, str]], words: Sequence[str]) -> list[Reading]:
    """Each label (in a language other than German) whose words occur in the search, in order,
    read as the German label: "інтеграційний курс для жінок" finds the integration courses for
    women. A label is matched whole, so that one common word ("курс") is no label."""
    found: list[Reading] = []
    for label, german in labels:
        label_words = normalized_words(label)
        german_words = normalized_words(german)
        size = len(label_words)
        if not label_words or not german_words or size > len(words):
            continue
        for start in range(len(words) - size + 1):
            if list(words[start : start + size]) == label_words:
                replaced = (*words[:start], *german_words, *words[start + size :])
                found.append(Reading(tuple(replaced), LABEL_WEIGHT))
    return found
