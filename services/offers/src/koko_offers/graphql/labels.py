"""Code-list labels stored as {"de": ..., "en": ...}: the asked language, else German."""

from __future__ import annotations

from koko_offers.translation.loaders import TranslationState
from koko_shared.i18n import DEFAULT_LANGUAGE


def label_in(labels: dict[str, str], language: str) -> str:
    return (
        labels.get(language)
        or labels.get(language.split("-")[0])
        or labels.get(DEFAULT_LANGUAGE)
        or next(iter(labels.values()), "")
    )


def label_state(labels: dict[str, str], language: str) -> TranslationState:
    """Whether `label_in` shows the asked language: German is the source; a missing label falls
    back to German, and says so."""
    primary = language.split("-")[0]
    if primary == DEFAULT_LANGUAGE:
        return TranslationState.SOURCE
    if labels.get(language) or labels.get(primary):
        return TranslationState.UP_TO_DATE
    return TranslationState.MISSING
