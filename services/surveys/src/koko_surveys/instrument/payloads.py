"""Payload of `instrumentPublish`."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import MutationError
from koko_surveys.instrument.types import InstrumentVersion


@strawberry.type(description="Result of instrumentPublish.")
class InstrumentPayload:
    instrument_version: InstrumentVersion | None = strawberry.field(
        description="The published version; null on failure."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )
