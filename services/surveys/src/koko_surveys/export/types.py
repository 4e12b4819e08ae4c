"""GraphQL types of the panel view (granted per study and analyst by an admin)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from koko_shared.graphql.schema import MutationError


@strawberry.type(
    description="An analyst allowed to receive the study's waves linked per person (panel view)."
)
class PanelAccessGrant:
    analyst: str = strawberry.field(description="Subject of the analyst's credential.")
    granted_by: str = strawberry.field(description="The admin who granted it.")
    granted_at: datetime = strawberry.field(description="When it was granted.")


@strawberry.input(description="A study and an analyst, for granting or revoking the panel view.")
class StudyPanelAccessInput:
    study_id: strawberry.ID = strawberry.field(description="Global id of the study.")
    analyst: str = strawberry.field(
        description="Subject of the analyst's credential (the `sub` of their token)."
    )


@strawberry.type(description="Result of studyPanelAccessGrant and studyPanelAccessRevoke.")
class StudyPanelAccessPayload:
    panel_access: list[PanelAccessGrant] | None = strawberry.field(
        description="Every grant of the study after the change; null on failure."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )
