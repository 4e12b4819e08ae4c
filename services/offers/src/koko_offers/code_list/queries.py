"""Root fields `codeList` and `servedLanguages`: labels of the enum code lists in every language
Koko serves."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.code_list.labels import LEVEL_LABELS, TARGET_GROUP_LABELS
from koko_offers.code_list.types import CodeLabel, CodeListKind
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.labels import label_in, label_state
from koko_offers.translation.loaders import TranslationState, request_language
from koko_shared.i18n import DEFAULT_LANGUAGE, SERVED_LANGUAGES


def _code_labels(labels: dict[str, dict[str, str]], language: str, upper: bool) -> list[CodeLabel]:
    result = []
    for code, texts in labels.items():
        state = label_state(texts, language)
        shown = DEFAULT_LANGUAGE if state != TranslationState.UP_TO_DATE else language
        result.append(
            CodeLabel(
                code=code.upper() if upper else code,
                label=label_in(texts, language),
                language=shown,
                translation_state=state,
            )
        )
    return result


@strawberry.type
class CodeListQueries:
    @strawberry.field(
        description="Every value of an enum code list with its label in the asked language "
        "(`lang`, else the request's); categories and course types carry their own labels."
    )
    def code_list(
        self,
        info: Info[OffersContext, None],
        kind: Annotated[CodeListKind, strawberry.argument(description="Which code list.")],
        lang: Annotated[
            str | None, strawberry.argument(description="Language (BCP 47) of the labels.")
        ] = None,
    ) -> list[CodeLabel]:
        language = request_language(info.context, lang)
        if kind == CodeListKind.LEVEL:
            return _code_labels(LEVEL_LABELS, language, upper=False)
        return _code_labels(TARGET_GROUP_LABELS, language, upper=True)

    @strawberry.field(
        description="The languages every code list is labelled in (BCP 47), German first."
    )
    def served_languages(self) -> list[str]:
        return list(SERVED_LANGUAGES)
