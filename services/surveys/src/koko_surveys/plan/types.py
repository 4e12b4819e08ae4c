"""GraphQL types of table plans."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry.scalars import JSON

from koko_surveys.plan.models import TablePlan as TablePlanRow


@strawberry.type(
    description="A version of a study's table plan: the only tables that leave without the "
    "analyst role (indicators with fixed categories, the breakdowns allowed)."
)
class TablePlan:
    version: int = strawberry.field(description="Version, from 1.")
    indicators: JSON = strawberry.field(
        description="[{code, question, type, label, categories: [{code, label, values | "
        "minimum, maximum}]}]"
    )
    breakdowns: list[list[str]] = strawberry.field(
        description="The breakdowns allowed besides the total, each a list of dimensions."
    )
    code_lists: JSON = strawberry.field(
        description="Fixed codes of area, origin_group and cohort; other values count as _other."
    )
    created_at: datetime | None = strawberry.field(description="When the version was defined.")

    @classmethod
    def from_row(cls, row: TablePlanRow) -> Self:
        return cls(
            version=row.version,
            indicators=JSON(row.indicators),
            breakdowns=[list(b) for b in row.breakdowns],
            code_lists=JSON(row.code_lists),
            created_at=row.created_at,
        )
