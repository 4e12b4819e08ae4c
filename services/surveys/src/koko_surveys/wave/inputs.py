"""Input of `waveCreate`."""

from __future__ import annotations

from datetime import date

import strawberry


@strawberry.input(description="A new wave of a study.")
class WaveCreateInput:
    study_id: strawberry.ID = strawberry.field(description="Global id of the study.")
    code: str = strawberry.field(description="Code of the wave, unique in the study, e.g. W1.")
    label: str = strawberry.field(description="Label of the wave.")
    position: int = strawberry.field(
        description="Order of the wave in the study (1 for the first)."
    )
    reference_date: date = strawberry.field(description="The date the wave's answers refer to.")
    field_opens_date: date = strawberry.field(
        description="First day submissions of the wave are accepted for (by submittedAt)."
    )
    field_closes_date: date = strawberry.field(
        description="Last day submissions of the wave are accepted for (by submittedAt)."
    )
    instrument_version_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the published instrument versions the wave accepts."
    )
    required_consent_scopes: list[str] | None = strawberry.field(
        default=None,
        description="Consent scopes a submission must carry, e.g. participation. Default: "
        "participation.",
    )
