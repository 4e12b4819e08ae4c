"""Input of `instrumentPublish`."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.input(description="A new version of a questionnaire of a study.")
class InstrumentPublishInput:
    study_id: strawberry.ID = strawberry.field(description="Global id of the study.")
    code: str = strawberry.field(
        description="Code of the instrument; publishing again under a code makes a new version."
    )
    questions: JSON = strawberry.field(description="Question specs (as an XLSForm import yields).")
    title: JSON | None = strawberry.field(
        default=None, description="Title by language; null: none."
    )
