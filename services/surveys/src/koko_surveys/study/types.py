"""GraphQL types of studies, cohorts and instrument versions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from koko_shared.graphql.arguments import Lang
from koko_shared.graphql.connection import Connection
from koko_shared.graphql.ids import local_id, to_global_id
from koko_shared.graphql.named_types import NamedType
from koko_surveys.analytics.ptable import MAX_PERTURBATION, variance
from koko_surveys.export.columns import QUASI_IDENTIFIERS
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.i18n import pick
from koko_surveys.indicator import loaders as indicator_loaders
from koko_surveys.indicator.types import IndicatorDefinition
from koko_surveys.instrument import repository as instrument_repository
from koko_surveys.instrument.types import InstrumentVersion
from koko_surveys.study import loaders
from koko_surveys.study.models import Study as StudyRow
from koko_surveys.wave import loaders as wave_loaders
from koko_surveys.wave.types import Wave

if TYPE_CHECKING:
    from koko_surveys.export.types import PanelAccessGrant
    from koko_surveys.plan.types import TablePlan
    from koko_surveys.release.types import StudyRelease

# Their modules import this one (a region's figures and a retention table name their study):
# their types are named, not imported.
REGION = NamedType("Region", "koko_surveys.region.types")
WAVE_RETENTION = NamedType("WaveRetention", "koko_surveys.analytics.types")


@strawberry.type(description="A sample or cohort of a study.")
class Cohort:
    code: str = strawberry.field(description="Code of the cohort, unique in the study.")
    label: str = strawberry.field(description="Label of the cohort.")
    kind: str = strawberry.field(description="cohort, sample or refreshment.")


@strawberry.type(
    description="Disclosure rules applied to every aggregate and export of a study (only an "
    "admin changes them, never below the floors: minCellCount 3, kAnonymity 5)."
)
class DisclosureRules:
    method: str = strawberry.field(
        description="How counts are protected: always `cell_key` (threshold + perturbation)."
    )
    min_cell_count: int = strawberry.field(
        description="Smallest count shown; smaller counts are suppressed (at least 3)."
    )
    max_perturbation: int = strawberry.field(
        description="Bound of the cell key perturbation of a count (±)."
    )
    perturbation_variance: float = strawberry.field(
        description="Variance of the perturbation of a count of 2 or more."
    )
    min_rate_denominator: int = strawberry.field(
        description="Smallest denominator a rate is shown for (at least 10)."
    )
    k_anonymity: int = strawberry.field(
        description="Smallest group size in an export (k-anonymity, at least 5)."
    )
    quasi_identifiers: list[str] = strawberry.field(
        description="What the microdata export computes k over: the attributes, the submission "
        "month, the instrument version and `answers` (every answer except "
        "nonIdentifyingQuestions)."
    )
    release_min_submissions: int = strawberry.field(
        description="People a changed cell of a revised release must count, at least."
    )
    reviewed_free_text: list[str] = strawberry.field(
        description="Free-text questions reviewed for release in exports (on request)."
    )
    non_identifying_questions: list[str] = strawberry.field(
        description="Questions an admin marked non-identifying: exports leave them out of k. "
        "Every other answer counts as identifying."
    )


@strawberry.type(description="One parameter changed: its value before and after.")
class ParameterChange:
    parameter: str = strawberry.field(description="Name of the disclosure setting.")
    before: JSON = strawberry.field(description="Value before the change.")
    after: JSON = strawberry.field(description="Value after the change.")


@strawberry.type(description="A change of a study's disclosure parameters (by an admin).")
class DisclosureChange:
    changed_at: datetime | None = strawberry.field(description="When the settings were changed.")
    changes: list[ParameterChange] = strawberry.field(description="The settings changed.")


def disclosure_rules(row: StudyRow) -> DisclosureRules:
    return DisclosureRules(
        method="cell_key",
        min_cell_count=row.min_cell_count,
        max_perturbation=MAX_PERTURBATION,
        perturbation_variance=float(variance(2)),
        min_rate_denominator=row.min_rate_denominator,
        k_anonymity=row.k_anonymity,
        quasi_identifiers=list(QUASI_IDENTIFIERS),
        release_min_submissions=row.release_min_submissions,
        reviewed_free_text=list(row.reviewed_free_text),
        non_identifying_questions=list(row.non_identifying_questions),
    )


@strawberry.federation.type(
    keys=["id"], description="A survey study of a region (e.g. Verbleib Schulabgänger)."
)
class Study:
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    code: str = strawberry.field(description="Code of the study, unique in its region.")
    kind: str = strawberry.field(description="destination, intake, follow_up, employer or other.")
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the study's region."
    )
    status: str = strawberry.field(description="active or closed.")
    aggregates_public: bool = strawberry.field(
        description="Whether the study's aggregates are public (visible without a role)."
    )
    row: strawberry.Private[StudyRow]

    @classmethod
    def from_row(cls, row: StudyRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Study", row.id)),
            code=row.code,
            kind=row.kind,
            region_ars=row.region_ars,
            status=row.status,
            aggregates_public=row.aggregates_public,
            row=row,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info[SurveysContext, None], id: strawberry.ID
    ) -> Self | None:
        row = await loaders.visible_studies_by_id(info.context).load(local_id(id, "Study"))
        return None if row is None else cls.from_row(row)

    @strawberry.field(
        description="Title in the asked language, else German; null when it has none."
    )
    def title(self, info: Info[SurveysContext, None], lang: Lang = None) -> str | None:
        return pick(self.row.title, lang or info.context.language)

    @strawberry.field(
        description="The region of the study (resolved by the offers subgraph).",
        graphql_type=REGION.one,
    )
    def region(self) -> object | None:
        return REGION.resolved()(ars=self.region_ars)

    @strawberry.field(description="The disclosure control settings of the study.")
    def disclosure(self) -> DisclosureRules:
        return disclosure_rules(self.row)

    @strawberry.field(description="The waves, by position.")
    async def waves(self, info: Info[SurveysContext, None]) -> list[Wave]:
        rows = await wave_loaders.waves_by_study(info.context).load(self.row.id)
        return [Wave.from_row(w) for w in rows]

    @strawberry.field(description="The cohorts and samples.")
    async def cohorts(self, info: Info[SurveysContext, None]) -> list[Cohort]:
        rows = await loaders.cohorts_by_study(info.context).load(self.row.id)
        return [Cohort(code=c.code, label=c.label, kind=c.kind) for c in rows]

    @strawberry.field(description="The published instrument versions.")
    async def instruments(self, info: Info[SurveysContext, None]) -> list[InstrumentVersion]:
        session = info.context.session
        rows = await instrument_repository.versions_of_study(session, self.row.id)
        return [
            InstrumentVersion(
                id=strawberry.ID(to_global_id("InstrumentVersion", v.id)),
                instrument=i.code,
                version=v.version,
                reference=f"{i.code}@{v.version}",
                form_version=v.form_version,
                questions=v.questions,  # type: ignore[arg-type]
            )
            for v, i in rows
        ]

    @strawberry.field(description="The indicators the caller may see.")
    async def indicators(self, info: Info[SurveysContext, None]) -> list[IndicatorDefinition]:
        from koko_surveys.indicator import service

        rows = await indicator_loaders.indicators_by_study(info.context).load(self.row.id)
        return [
            IndicatorDefinition(
                code=d.code,
                label=pick(d.label, info.context.language),
                numerator=d.numerator,  # type: ignore[arg-type]
                denominator=d.denominator,  # type: ignore[arg-type]
                public=d.public,
            )
            for d in service.readable_indicators(info.context.actor, self.row, rows)
        ]

    @strawberry.field(
        description="Subjects interviewed per wave and retained since the first wave.",
        graphql_type=WAVE_RETENTION.many,
    )
    async def retention(self, info: Info[SurveysContext, None]) -> list[object]:
        from koko_surveys.analytics import service

        session = info.context.session
        results = await service.retention(session, info.context.actor, self.row)
        return [WAVE_RETENTION.resolved().from_result(r) for r in results]

    @strawberry.field(
        description="Every change of the disclosure parameters, oldest first (audited)."
    )
    async def disclosure_changes(self, info: Info[SurveysContext, None]) -> list[DisclosureChange]:
        from koko_surveys.study import disclosure

        session = info.context.session
        rows = await disclosure.history(session, self.row)
        return [
            DisclosureChange(
                changed_at=r.changed_at,
                changes=[
                    ParameterChange(
                        parameter=str(c["parameter"]), before=c["before"], after=c["after"]
                    )
                    for c in r.changes
                ],
            )
            for r in rows
        ]

    @strawberry.field(
        description="Analysts allowed to receive the study's waves linked per person: every "
        "grant for the region's admins, an analyst's own grant for them, else empty."
    )
    async def panel_access(
        self, info: Info[SurveysContext, None]
    ) -> list[Annotated[PanelAccessGrant, strawberry.lazy("koko_surveys.export.types")]]:
        from koko_surveys.export import access
        from koko_surveys.export.types import PanelAccessGrant

        grants = await access.grants(info.context.session, info.context.actor, self.row)
        return [
            PanelAccessGrant(analyst=g.analyst, granted_by=g.granted_by, granted_at=g.granted_at)
            for g in grants
        ]

    @strawberry.field(
        description="Versions of the study's table plan, oldest first: the tables its releases "
        "publish (indicator codes `<indicator>:<category>`, the breakdowns allowed)."
    )
    async def table_plans(
        self, info: Info[SurveysContext, None]
    ) -> list[Annotated[TablePlan, strawberry.lazy("koko_surveys.plan.types")]]:
        from koko_surveys.plan import repository as plan_repository
        from koko_surveys.plan.types import TablePlan

        rows = await plan_repository.of_study(info.context.session, self.row.id)
        return [TablePlan.from_row(r) for r in rows]

    @strawberry.field(description="Releases of the study, oldest first (wave, revision, date).")
    async def releases(
        self, info: Info[SurveysContext, None]
    ) -> list[Annotated[StudyRelease, strawberry.lazy("koko_surveys.release.types")]]:
        from koko_surveys.release import service as release_service
        from koko_surveys.release.types import StudyRelease

        session = info.context.session
        shown = await release_service.releases_for(session, info.context.actor, self.row)
        return [StudyRelease.from_row(s.release, internal=s.counts_shown) for s in shown]


@strawberry.type(description="A page of studies (Relay connection).")
class StudyConnection(Connection[Study]):
    total_count: int = strawberry.field(description="Number of studies in total, across all pages.")
