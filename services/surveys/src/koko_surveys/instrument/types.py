"""GraphQL type of instrument versions."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from koko_surveys.instrument.questions import QuestionType


@strawberry.type(description="A published, immutable version of an instrument.")
class InstrumentVersion:
    id: strawberry.ID = strawberry.field(description="Global id of the instrument version.")
    instrument: str = strawberry.field(description="Code of the instrument.")
    version: int = strawberry.field(description="Version number, from 1.")
    reference: str = strawberry.field(description="What submissions name: `code@version`.")
    form_version: str | None = strawberry.field(
        description="The XLSForm version string; null when not given."
    )
    questions: JSON = strawberry.field(
        description="The questions as published (JSON): name, type ("
        + ", ".join(t.value for t in QuestionType)
        + "), label, required, choices, relevant, constraint. The accepted formats of each type "
        "are in the wave's codebook (`GET /v1/studies/{id}/waves/{wave}/codebook`)."
    )
