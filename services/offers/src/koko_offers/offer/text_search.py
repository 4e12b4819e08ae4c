"""What a search text matches in the offer table: words, full text (German stems and word
beginnings in any language), parts of compound words in the title, and look-alike titles. One
definition for the GraphQL search and the HSDS feed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from koko_offers.offer.models import Offer
from koko_shared.errors import InvalidInput

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 8
# Words shorter than this cannot use the trigram index for substring matching.
MIN_SUBSTRING_LENGTH = 3
# Similar-looking titles are matched for longer searches only: short words resemble too much.
MIN_FUZZY_LENGTH = 6

_WORD = re.compile(r"\w+", re.UNICODE)

_OFFER = Offer.__table__  # type: ignore[attr-defined]
# asyncpg prepares statements; after five runs PostgreSQL may switch to a generic plan in which
# the search words are parameters: the text query is then rebuilt for every row and the trigram
# index cannot see the pattern (10x slower, measured). Searches are planned with their words.
CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")


def title_key() -> ColumnElement[str]:
    # Stored by the database, with a trigram and a btree index (migration 0004).
    return _OFFER.c.title_key


@dataclass(frozen=True, slots=True)
class Reading:
    """Another way to read a search (a synonym phrase replaced by what it also means): its
    words, and its weight against the literal search (which weighs 1)."""

    words: tuple[str, ...]
    weight: float


def normalized_words(text_value: str) -> list[str]:
    """Lower-case words of letters and digits, as every search splits its text."""
    return list(_WORD.findall(text_value.lower()))


def search_words(search: str) -> list[str]:
    if len(search) > MAX_SEARCH_LENGTH:
        raise InvalidInput(
            f"search must be at most {MAX_SEARCH_LENGTH} characters", field="filter.search"
        )
    return normalized_words(search)[:MAX_SEARCH_WORDS]


def _ts_query(words: Sequence[str], name: str) -> ColumnElement[Any]:
    """Each word matches its German stem or, as a prefix, the word itself in any language;
    all words must match."""
    query: ColumnElement[Any] | None = None
    for index, word in enumerate(words):
        unaccented = func.koko_unaccent(bindparam(f"{name}_{index}", word, type_=String))
        term = func.plainto_tsquery(text("'german'::regconfig"), unaccented).op("||")(
            func.to_tsquery(
                text("'simple'::regconfig"), func.quote_literal(unaccented).op("||")(":*")
            )
        )
        query = term if query is None else query.op("&&")(term)
    assert query is not None
    return query


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# A reading's weight lifts all of its matches above those of a lighter reading (the strict
# relevance of one reading stays below 3).
_READING_STEP = 10.0


def text_match(
    words: Sequence[str], *, look_alike: bool, readings: Sequence[Reading] = ()
) -> tuple[ColumnElement[bool], ColumnElement[float]]:
    """The match condition and relevance of a search. Strict: full text over title,
    description, category, course type, provider and translations (German stems, word
    beginnings in any language), or every word inside the German title (parts of compound
    words: "kurs" finds "Integrationskurs"), ranked full-text matches first (title words weigh
    most). Other `readings` (synonyms) match the same way and rank by their weight first. With
    `look_alike`: titles resembling the literal search (typos), ranked by similarity."""
    if look_alike:
        phrase = func.koko_unaccent(bindparam("search_phrase", " ".join(words), type_=String))
        return (
            phrase.op("<%")(title_key()),
            cast(func.word_similarity(phrase, title_key()), Float),
        )
    match, rank = _strict_match(words, "search_word")
    if not readings:
        return match, rank
    # Readings rank by weight alone, the literal relevance orders within a weight: ranking each
    # reading by its own ts_rank tripled the cost of ranking every match (measured).
    matches, weights = [match], [case((match, _READING_STEP), else_=0.0)]
    for number, reading in enumerate(readings):
        other_match = _strict_match(reading.words, f"reading_{number}")[0]
        matches.append(other_match)
        weights.append(case((other_match, reading.weight * _READING_STEP), else_=0.0))
    literal_rank = case((match, rank), else_=0.0)
    return or_(*matches), cast(func.greatest(*weights) + literal_rank, Float)


def _strict_match(
    words: Sequence[str], name: str
) -> tuple[ColumnElement[bool], ColumnElement[float]]:
    long_words = [w for w in words if len(w) >= MIN_SUBSTRING_LENGTH]
    ts_query = _ts_query(words, name)
    full_text = col(Offer.search_vector).op("@@")(ts_query)
    ts_rank = cast(func.ts_rank(col(Offer.search_vector), ts_query), Float)
    if not long_words:
        return full_text, ts_rank
    in_title = and_(
        *(
            title_key().like("%" + func.koko_unaccent(literal(_escape_like(w))) + "%", escape="\\")
            for w in long_words
        )
    )
    rank = case(
        (full_text, 1.0 + ts_rank + case((in_title, 0.5), else_=0.0)),
        else_=0.5,
    )
    return or_(full_text, in_title), cast(rank, Float)


def may_look_alike(words: Sequence[str]) -> bool:
    """Whether a search that matches nothing strictly falls back to look-alike titles."""
    return len(" ".join(words)) >= MIN_FUZZY_LENGTH


def matching_ids(
    words: Sequence[str], *, look_alike: bool = False, readings: Sequence[Reading] = ()
) -> Select[Any]:
    """The ids of the offers a search matches (strictly, or with `look_alike` the titles
    resembling it), for queries written in SQL elsewhere (the HSDS feed): one definition of
    what a search matches. Run it after `plan_for_search`."""
    match = text_match(words, look_alike=look_alike, readings=readings)[0]
    return select(_OFFER.c.id).where(match)


async def plan_for_search(session: AsyncSession) -> None:
    """Plan this transaction's statements with their values (see CUSTOM_PLANS)."""
    await session.execute(CUSTOM_PLANS)
