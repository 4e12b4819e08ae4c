"""Results of actor mutations: the actor and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.actor.models import Actor as ActorRow
from koko_offers.actor.types import Actor
from koko_offers.errors import Violation
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of an actor mutation: the actor, or the errors.")
class ActorPayload:
    actor: Actor | None = strawberry.field(description="The actor as stored; null on errors.")
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: ActorRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            actor=Actor.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )
