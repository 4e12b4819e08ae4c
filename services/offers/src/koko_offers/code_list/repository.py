"""Reads of the labels of both code lists (categories and course types) at once."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_OTHER_LANGUAGE_LABELS = text(
    """
    SELECT label.value, c.label ->> 'de' FROM category AS c, jsonb_each_text(c.label) AS label
     WHERE label.key <> 'de' AND c.label ->> 'de' IS NOT NULL
    UNION ALL
    SELECT label.value, ct.label ->> 'de' FROM course_type AS ct, jsonb_each_text(ct.label) AS label
     WHERE label.key <> 'de' AND ct.label ->> 'de' IS NOT NULL
    """
)


async def labels_in_other_languages(session: AsyncSession) -> list[tuple[str, str]]:
    """(label, German label) of every category and course type in every language but German:
    a few hundred rows."""
    rows = await session.execute(_OTHER_LANGUAGE_LABELS)
    return [(label, german) for label, german in rows]
