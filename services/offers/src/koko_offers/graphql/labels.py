"""Code-list labels stored as {"de": ..., "en": ...}: the asked language, else German."""

from __future__ import annotations

from koko_shared.i18n import DEFAULT_LANGUAGE


def label_in(labels: dict[str, str], language: str) -> str:
    return (
        labels.get(language)
        or labels.get(language.split("-")[0])
        or labels.get(DEFAULT_LANGUAGE)
        or next(iter(labels.values()), "")
    )
