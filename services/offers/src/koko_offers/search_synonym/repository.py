"""Every query on the search_synonym table."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.offer.text_search import Reading
from koko_offers.search_synonym.models import SearchSynonym


def _phrases(words: Sequence[str]) -> list[str]:
    """Every run of consecutive words: the phrases a search may contain."""
    return [
        " ".join(words[start:end])
        for start in range(len(words))
        for end in range(start + 1, len(words) + 1)
    ]


async def readings(session: AsyncSession, words: Sequence[str]) -> list[Reading]:
    """The other ways to read a search: each synonym phrase found in `words` replaced by its
    expansion (through the phrase index, one query)."""
    if not words:
        return []
    rows = await session.execute(
        select(SearchSynonym).where(col(SearchSynonym.phrase).in_(_phrases(words)))
    )
    found: dict[tuple[str, ...], float] = {}
    for synonym in rows.scalars():
        phrase = synonym.phrase.split()
        for start in range(len(words) - len(phrase) + 1):
            if list(words[start : start + len(phrase)]) == phrase:
                replaced = (
                    *words[:start],
                    *synonym.expansion.split(),
                    *words[start + len(phrase) :],
                )
                found[replaced] = max(found.get(replaced, 0.0), synonym.weight)
    literal = tuple(words)
    return [Reading(w, weight) for w, weight in found.items() if w != literal]


async def page(
    session: AsyncSession, *, language: str | None, phrase: str | None
) -> list[SearchSynonym]:
    query = select(SearchSynonym)
    if language is not None:
        query = query.where(col(SearchSynonym.language) == language)
    if phrase is not None:
        query = query.where(col(SearchSynonym.phrase) == phrase)
    query = query.order_by(col(SearchSynonym.phrase), col(SearchSynonym.weight).desc())
    return list((await session.execute(query)).scalars())


async def find(session: AsyncSession, phrase: str, expansion: str) -> SearchSynonym | None:
    rows = await session.execute(
        select(SearchSynonym).where(
            col(SearchSynonym.phrase) == phrase, col(SearchSynonym.expansion) == expansion
        )
    )
    return rows.scalars().one_or_none()


async def get(session: AsyncSession, synonym_id: UUID) -> SearchSynonym | None:
    return await session.get(SearchSynonym, synonym_id)


async def save(session: AsyncSession, row: SearchSynonym) -> SearchSynonym:
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row


async def delete(session: AsyncSession, row: SearchSynonym) -> None:
    await session.delete(row)
    await session.flush()
