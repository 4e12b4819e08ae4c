"""Pick the request's language from a multilingual text, falling back to German."""

from __future__ import annotations

from koko_shared.i18n import DEFAULT_LANGUAGE


def pick(texts: dict[str, str], language: str) -> str | None:
    if not texts:
        return None
    return (
        texts.get(language)
        or texts.get(language.split("-")[0])
        or texts.get(DEFAULT_LANGUAGE)
        or next(iter(texts.values()))
    )
