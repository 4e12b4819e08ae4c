"""Results of `translationUpsert`: the stored translation and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.translation.models import Translation as TranslationRow
from koko_offers.translation.types import Translation
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a translation mutation: the translation, or the errors.")
class TranslationPayload:
    translation: Translation | None = strawberry.field(
        description="The translation as stored; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: TranslationRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            translation=Translation.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )
