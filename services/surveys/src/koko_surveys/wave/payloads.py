"""Payload of `waveCreate`."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import MutationError
from koko_surveys.wave.types import Wave


@strawberry.type(description="Result of waveCreate.")
class WavePayload:
    wave: Wave | None = strawberry.field(description="The new wave; null on failure.")
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )
