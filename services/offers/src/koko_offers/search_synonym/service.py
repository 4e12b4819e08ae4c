"""Rules of search synonyms: coordinators (of any region) and admins keep them; phrases are
stored the way a search splits its words, so that a stored phrase is found."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.errors import (
    CatalogueConflict,
    Violation,
    Violations,
    not_found,
    permission_denied,
)
from koko_offers.offer.text_search import MAX_SEARCH_WORDS, normalized_words
from koko_offers.search_synonym import repository
from koko_offers.search_synonym.models import SearchSynonym
from koko_shared.auth.actor import Actor, Role
from koko_shared.errors import ErrorCode
from koko_shared.i18n import is_language_tag, normalize_tag

MIN_WEIGHT = 0.1
MAX_WEIGHT = 10.0
MAX_LENGTH = 200


def _require_coordinator(actor: Actor) -> None:
    # Synonyms serve every region's search, so any coordinator may keep them.
    if not actor.regions(Role.COORDINATOR):
        raise permission_denied()


def _words(problems: Violations, field: str, value: str) -> str:
    if len(value) > MAX_LENGTH:
        problems.invalid(field, "too_long", limit=MAX_LENGTH, length=len(value))
        return ""
    words = normalized_words(value)
    if not words:
        problems.invalid(field, "required")
    elif len(words) > MAX_SEARCH_WORDS:
        problems.invalid(field, "synonym_words", limit=MAX_SEARCH_WORDS)
    return " ".join(words)


async def create(
    session: AsyncSession,
    actor: Actor,
    *,
    language: str,
    phrase: str,
    expansion: str,
    weight: float,
) -> SearchSynonym:
    """Teach the search that `phrase` also means `expansion`: offers matching the expansion are
    found and ranked by `weight` (the literal search weighs 1)."""
    _require_coordinator(actor)
    problems = Violations()
    if not is_language_tag(language):
        problems.invalid("language", "invalid_language_tag", value=language[:40])
    phrase_words = _words(problems, "phrase", phrase)
    expansion_words = _words(problems, "expansion", expansion)
    if phrase_words and phrase_words == expansion_words:
        problems.invalid("expansion", "synonym_same")
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        problems.invalid("weight", "synonym_weight", low=MIN_WEIGHT, high=MAX_WEIGHT)
    problems.raise_if_any()
    if await repository.find(session, phrase_words, expansion_words) is not None:
        params = {"phrase": phrase_words, "expansion": expansion_words}
        raise CatalogueConflict(
            [Violation(ErrorCode.CONFLICT, "synonym_exists", "expansion", params)]
        )
    row = SearchSynonym(
        language=normalize_tag(language),
        phrase=phrase_words,
        expansion=expansion_words,
        weight=weight,
        created_by=actor.subject,
    )
    return await repository.save(session, row)


async def delete(session: AsyncSession, actor: Actor, synonym_id: UUID) -> SearchSynonym:
    _require_coordinator(actor)
    row = await repository.get(session, synonym_id)
    if row is None:
        raise not_found("id", "SearchSynonym", synonym_id)
    await repository.delete(session, row)
    return row
