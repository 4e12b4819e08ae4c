"""Reading human-readable fields in the request language, with explicit fallback to German."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from uuid import UUID

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.graphql.context import OffersContext
from koko_offers.translation import repository
from koko_offers.translation.models import Translation
from koko_shared.graphql.loaders import loader
from koko_shared.graphql.maybe_awaitable import MaybeAwaitable
from koko_shared.i18n import DEFAULT_LANGUAGE, normalize_tag, text_direction


@strawberry.enum(description="Whether a text is shown in the language asked for.")
class TranslationState(Enum):
    SOURCE = strawberry.enum_value("source", description="The German original.")
    UP_TO_DATE = strawberry.enum_value(
        "up_to_date", description="Translated from the current German text."
    )
    MACHINE_TRANSLATED = strawberry.enum_value(
        "machine_translated", description="Machine-translated, not yet reviewed."
    )
    OUTDATED = strawberry.enum_value(
        "outdated", description="Translated from an older German text; still shown, marked."
    )
    MISSING = strawberry.enum_value(
        "missing", description="No translation: the German original is shown."
    )


@dataclass(frozen=True, slots=True)
class Localized:
    text: str
    language: str
    state: TranslationState

    @property
    def direction(self) -> str:
        return text_direction(self.language)


# (entity, entity id, language) -> {field: the translation to show}
_Key = tuple[str, UUID, str]
_Texts = dict[str, Translation]


def request_language(context: OffersContext, lang: str | None) -> str:
    return normalize_tag(lang) if lang else context.language


def localized_now(
    context: OffersContext,
    *,
    entity: str,
    entity_id: UUID,
    field: str,
    german: str,
    lang: str | None,
) -> MaybeAwaitable[Localized]:
    """`localized`, answered at once when German is asked for (no translation to read)."""
    if _is_german(request_language(context, lang)):
        return Localized(german, DEFAULT_LANGUAGE, TranslationState.SOURCE)
    return localized(
        context, entity=entity, entity_id=entity_id, field=field, german=german, lang=lang
    )


def _is_german(language: str) -> bool:
    return language.split("-")[0] == DEFAULT_LANGUAGE


async def localized(
    context: OffersContext,
    *,
    entity: str,
    entity_id: UUID,
    field: str,
    german: str,
    lang: str | None,
) -> Localized:
    """`field` of the entity in the asked language (the `lang` argument, else the request's),
    else its primary language (`ar` for `ar-SY`), else the German original."""
    language = request_language(context, lang)
    if _is_german(language):
        return Localized(german, DEFAULT_LANGUAGE, TranslationState.SOURCE)
    texts = await loader(context, "translation", _load_texts, default={}).load(
        (entity, entity_id, language)
    )
    found: Translation | None = texts.get(field)
    if found is None:
        return Localized(german, DEFAULT_LANGUAGE, TranslationState.MISSING)
    return Localized(found.text, found.language, TranslationState(found.state))


async def _load_texts(session: AsyncSession, keys: Sequence[_Key]) -> dict[_Key, _Texts]:
    """One query for all asked (entity, id, language) keys; an exact language tag wins over its
    primary language."""
    languages = {language for _, _, language in keys} | {
        language.split("-")[0] for _, _, language in keys
    }
    by_entity: dict[str, set[UUID]] = defaultdict(set)
    for entity, entity_id, _ in keys:
        by_entity[entity].add(entity_id)
    rows: dict[tuple[str, UUID, str], dict[str, Translation]] = defaultdict(dict)
    for entity, ids in by_entity.items():
        for row in await repository.for_entities(session, entity, list(ids), sorted(languages)):
            rows[(entity, row.entity_id, row.language)][row.field] = row
    found: dict[_Key, _Texts] = {}
    for key in keys:
        entity, entity_id, language = key
        texts: _Texts = {}
        for candidate in (language.split("-")[0], language):  # exact tag last, so it wins
            for field, row in rows.get((entity, entity_id, candidate), {}).items():
                texts[field] = row
        found[key] = texts
    return found
