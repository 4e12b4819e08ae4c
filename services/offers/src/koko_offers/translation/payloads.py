"""Results of `translationUpsert`: the stored translation and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.graphql.payloads import payload_errors
from koko_offers.translation.models import Translation as TranslationRow
from koko_offers.translation.types import Translation
from koko_shared.errors import ErrorCode


@strawberry.type(description="An expected failure of a translation mutation.")
class TranslationError:
    field: str | None = strawberry.field(description="The input field (camelCase), or null.")
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type(description="Result of a translation mutation: the translation, or the errors.")
class TranslationPayload:
    translation: Translation | None = strawberry.field(
        description="The translation as stored; null on errors."
    )
    errors: list[TranslationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: TranslationRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            translation=Translation.from_row(row) if row is not None and not violations else None,
            errors=payload_errors(violations, language, TranslationError),
        )
