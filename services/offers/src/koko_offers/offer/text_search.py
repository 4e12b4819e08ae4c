"""What a search text matches in the offer table and in which order: its words, its readings
(synonyms, code-list labels, corrected typos), and the relevance tiers. One definition for the
GraphQL search, the facets, the suggestions and the HSDS feed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    bindparam,
    case,
    func,
    literal,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer.models import Offer
from koko_offers.search_term import repository as search_term_repository
from koko_shared.errors import InvalidInput

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 8
# Words shorter than this are never corrected: short words resemble too much.
MIN_CORRECTION_LENGTH = 4
# Below this trigram similarity a dictionary word is no correction of a search word.
MIN_CORRECTION_SIMILARITY = 0.45
# A tier number beyond every tier: the relevance key of offers that do not match.
NO_TIER = 99

_WORD = re.compile(r"\w+", re.UNICODE)

_OFFER = Offer.__table__  # type: ignore[attr-defined]
# Every statement is planned with its values: the offers database's default (migration 0020,
# `plan_cache_mode = force_custom_plan`; after five runs PostgreSQL may otherwise switch a
# prepared statement to a generic plan, in which the search words are parameters: the text query
# is then rebuilt for every row and the planner cannot estimate how many offers a word matches,
# 10x slower, measured). A search's settings make it again for its transaction, in case a role
# could not make it the database's default.
# The settings of a request with a search, in one round trip (set_config(..., true) is SET
# LOCAL). A small effective_cache_size makes the planner cost walking the rank index as reads
# of rows from disk: it then walks only a tier that is clearly broad, and reads one whose match
# it estimates at a few hundred rows from the GIN index (the estimate of a two-word match within
# a region was 4x too high, and the walk read 11,000 rows for a page; measured).
# Its columns: a search's first statement makes the settings with what it reads
# (`search_vocabulary.repository.current`).
NO_TABLE_SCAN_SETTINGS = (
    "set_config('plan_cache_mode', 'force_custom_plan', true), "
    "set_config('enable_seqscan', 'off', true), "
    "set_config('effective_cache_size', '64MB', true)"
)
CUSTOM_PLANS_NO_TABLE_SCANS = text(f"SELECT {NO_TABLE_SCAN_SETTINGS}")


# session.info key: the transaction whose search settings are made (see plan_for_search).
_PLANNED = "koko_offers_search_plans"


@dataclass(frozen=True, slots=True)
class Reading:
    """A way to read a search: its words and its weight. The literal search weighs 1, a synonym
    or code-list label what its row says, a corrected typo 1."""

    words: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class SearchText:
    """A search prepared once per request (`prepare`): the words as typed and every reading
    that may match, the corrections made to words no offer contains."""

    words: tuple[str, ...]
    readings: tuple[Reading, ...]
    corrections: tuple[tuple[str, str], ...] = ()

    @property
    def tiers(self) -> list[tuple[Reading, ...]]:
        """The readings grouped by weight, heaviest first: each group is read as one query."""
        weights = sorted({r.weight for r in self.readings}, reverse=True)
        return [tuple(r for r in self.readings if r.weight == w) for w in weights]


def normalized_words(text_value: str) -> list[str]:
    """Lower-case words of letters and digits, as every search splits its text."""
    return list(_WORD.findall(text_value.lower()))


def search_words(search: str) -> list[str]:
    if len(search) > MAX_SEARCH_LENGTH:
        raise InvalidInput(
            "search must be at most {limit} characters",
            field="filter.search",
            params={"limit": MAX_SEARCH_LENGTH},
        )
    return normalized_words(search)[:MAX_SEARCH_WORDS]


class _Names:
    """Unique bind parameter names within one statement."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"search_word_{self.count}"


def _word_query(word: str, name: str) -> ColumnElement[Any]:
    """A word matches its German stem or, as a prefix, any word (or part of a title word)."""
    unaccented = func.koko_unaccent(bindparam(name, word, type_=String, unique=True))
    return func.plainto_tsquery(text("'german'::regconfig"), unaccented).op("||")(
        func.to_tsquery(text("'simple'::regconfig"), func.quote_literal(unaccented).op("||")(":*"))
    )


def _reading_query(words: Sequence[str], names: _Names) -> ColumnElement[Any]:
    """All words of a reading must match."""
    query: ColumnElement[Any] | None = None
    for word in words:
        term = _word_query(word, names.next())
        query = term if query is None else query.op("&&")(term)
    assert query is not None
    return query


def words_query(words: Sequence[str]) -> ColumnElement[Any]:
    """A text query matching where every word matches (as a stem, a word or a word beginning):
    what suggestions complete."""
    return _reading_query(words, _Names())


def _any_query(readings: Sequence[Reading], names: _Names) -> ColumnElement[Any]:
    """Any of the readings matches: one text query, so that one index lookup answers it."""
    query: ColumnElement[Any] | None = None
    for reading in readings:
        term = _reading_query(reading.words, names)
        query = term if query is None else query.op("||")(term)
    assert query is not None
    return query


def _vector(title_only: bool, table: Any = _OFFER) -> ColumnElement[Any]:
    return table.c.title_vector if title_only else table.c.search_vector


def match(search: SearchText, table: Any = _OFFER) -> ColumnElement[bool]:
    """Offers matching any reading of the search anywhere: one GIN lookup. `table`: the offer
    table or an alias of it."""
    if not search.readings:
        return literal(False)
    return _vector(False, table).bool_op("@@")(_any_query(search.readings, _Names()))


@dataclass(frozen=True, slots=True)
class Tier:
    """One step of the relevance order: its number (0 first) and the condition of the offers
    that match it (they may match an earlier tier too: an offer belongs to the first)."""

    number: int
    condition: ColumnElement[bool]


def tiers(search: SearchText) -> list[Tier]:
    """Relevance tiers: per reading weight (heaviest first) the offers whose German title
    matches, then those matching anywhere (translations, description, provider, category,
    course type). Each is one GIN condition, so that the planner estimates it well."""
    names = _Names()
    result: list[Tier] = []
    for group in search.tiers:
        result.append(Tier(len(result), _vector(True).bool_op("@@")(_any_query(group, names))))
        result.append(Tier(len(result), _vector(False).bool_op("@@")(_any_query(group, names))))
    return result


def tier_of(search: SearchText, table: Any = _OFFER) -> ColumnElement[int]:
    """The first tier an offer matches, as a value (NO_TIER when none)."""
    names = _Names()
    whens: list[tuple[ColumnElement[bool], int]] = []
    for group in search.tiers:
        whens.append((_vector(True, table).bool_op("@@")(_any_query(group, names)), len(whens)))
        whens.append((_vector(False, table).bool_op("@@")(_any_query(group, names)), len(whens)))
    return case(*whens, else_=NO_TIER) if whens else literal(NO_TIER, Integer)


def relevance_order(search: SearchText, table: Any = _OFFER) -> list[ColumnElement[Any]]:
    """The relevance order as sort keys over a whole result (the HSDS feed's pages): the tier
    as a value, `search_rank`, id — the same order as the tiered pages of `offers`."""
    return [tier_of(search, table), table.c.search_rank, table.c.id]


def search_rank() -> ColumnElement[int]:
    """Within a tier: shorter titles first (the words are more of them), stored (0011)."""
    return _OFFER.c.search_rank


# --- preparing a search: readings, known words, corrections ----------------------------------


async def plan_for_search(session: AsyncSession) -> None:
    """The settings of a search for this transaction (`CUSTOM_PLANS_NO_TABLE_SCANS`): the offer
    table is never read whole hoping to meet matches early (the planner overestimates how many
    offers a text matches, and a LIMIT then makes it scan the table: a word no offer contains,
    550 ms instead of 0.2 ms, measured). Once per transaction: SET LOCAL lasts until it ends."""
    if not needs_plan_settings(session):
        return
    await session.execute(CUSTOM_PLANS_NO_TABLE_SCANS)
    planned_for_search(session)


def needs_plan_settings(session: AsyncSession) -> bool:
    """Whether this transaction's search settings (`plan_for_search`) are still to be made."""
    transaction = session.get_transaction()
    planned = session.info.get(_PLANNED)
    return transaction is None or planned is None or planned is not transaction


def planned_for_search(session: AsyncSession) -> None:
    """Remember that this transaction's search settings are made (by a statement that made them
    with other work: `NO_TABLE_SCAN_SETTINGS`)."""
    session.info[_PLANNED] = session.get_transaction()


async def unknown_words(session: AsyncSession, words: Sequence[str]) -> set[str]:
    """The words (long enough to correct) that no word of the catalogue contains: the only ones
    that are compared with the dictionary by similarity."""
    candidates = sorted({w for w in words if len(w) >= MIN_CORRECTION_LENGTH})
    if not candidates:
        return set()
    return set(candidates) - await search_term_repository.contained(session, candidates)


def prepare(
    words: Sequence[str],
    other_readings: Sequence[Reading],
    corrections: dict[str, str],
) -> SearchText:
    """A search from its words, the readings of synonyms and labels found in it, and the
    corrections of unknown words (word -> dictionary word)."""
    literal_words = tuple(words)
    readings: dict[tuple[str, ...], float] = {}
    unknown = set(corrections)

    def add(reading_words: tuple[str, ...], weight: float) -> None:
        if reading_words and not unknown.intersection(reading_words):
            readings[reading_words] = max(readings.get(reading_words, 0.0), weight)

    add(literal_words, 1.0)
    for reading in other_readings:
        add(reading.words, reading.weight)
    if corrections:
        corrected = tuple(corrections.get(w, w) for w in literal_words)
        unknown = set()  # the corrected reading contains no unknown word
        add(corrected, 1.0)
    return SearchText(
        words=literal_words,
        readings=tuple(Reading(w, weight) for w, weight in readings.items()),
        corrections=tuple(sorted(corrections.items())),
    )
