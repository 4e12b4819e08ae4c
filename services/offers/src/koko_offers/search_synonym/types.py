"""GraphQL types of search synonyms: the synonym, the create input and the payloads."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.search_synonym.models import SearchSynonym as SearchSynonymRow
from koko_shared.graphql.ids import to_global_id
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(
    description="What a search phrase also means: offers matching `expansion` are found for "
    "`phrase` and ranked by `weight` (the literal search weighs 1)."
)
class SearchSynonym:
    id: strawberry.ID = strawberry.field(description="Global id.")
    language: str = strawberry.field(description="Language of the phrase (BCP 47).")
    phrase: str = strawberry.field(
        description="What people type, as the search splits it (lower-case words)."
    )
    expansion: str = strawberry.field(description="Catalogue words the phrase also means.")
    weight: float = strawberry.field(
        description="Rank of this meaning; higher first, the literal search weighs 1."
    )

    @classmethod
    def from_row(cls, row: SearchSynonymRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("SearchSynonym", row.id)),
            language=row.language,
            phrase=row.phrase,
            expansion=row.expansion,
            weight=row.weight,
        )


@strawberry.input(description="A new meaning of a search phrase.")
class SearchSynonymCreateInput:
    language: str = strawberry.field(description="Language of the phrase (BCP 47), e.g. 'uk'.")
    phrase: str = strawberry.field(description="What people type, e.g. 'курс німецької'.")
    expansion: str = strawberry.field(
        description="Catalogue words it also means, e.g. 'Integrationskurs'."
    )
    weight: float = strawberry.field(
        default=2.0,
        description="Rank of this meaning, 0.1–10; higher first, the literal search weighs 1.",
    )


@strawberry.type(description="Result of a search synonym mutation.")
class SearchSynonymPayload:
    search_synonym: SearchSynonym | None = strawberry.field(
        description="The created or deleted synonym; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls,
        row: SearchSynonymRow | None,
        violations: list[Violation],
        language: str,
        *,
        argument: str | None = "input",
    ) -> Self:
        """`argument`: None for a mutation whose fields are its arguments (delete by `id`)."""
        return cls(
            search_synonym=SearchSynonym.from_row(row) if row and not violations else None,
            errors=mutation_errors(violations, language, argument=argument),
        )
