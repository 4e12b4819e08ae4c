"""GraphQL type of waves."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry

from koko_shared.graphql.ids import to_global_id
from koko_surveys.wave.models import Wave as WaveRow


@strawberry.type(description="A wave of a study: reference date, field window, instruments.")
class Wave:
    id: strawberry.ID = strawberry.field(description="Global id of the wave.")
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
    closed: bool = strawberry.field(description="Whether the wave is closed (no more submissions).")
    required_consent_scopes: list[str] = strawberry.field(
        description="Consent scopes a submission must carry, e.g. participation."
    )
    table_plan_version: int | None = strawberry.field(
        description="Version of the study's table plan the wave's release publishes (null: no "
        "plan yet)."
    )

    @classmethod
    def from_row(cls, row: WaveRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Wave", row.id)),
            code=row.code,
            label=row.label,
            position=row.position,
            reference_date=row.reference_date,
            field_opens_date=row.field_opens_date,
            field_closes_date=row.field_closes_date,
            closed=row.closed_at is not None,
            required_consent_scopes=list(row.required_consent_scopes),
            table_plan_version=row.table_plan_version,
        )
