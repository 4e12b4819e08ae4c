"""GraphQL types of studies, waves, cohorts, instruments and indicator definitions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from koko_shared.graphql.arguments import Lang
from koko_shared.graphql.ids import local_id, to_global_id
from koko_shared.graphql.schema import PageInfo
from koko_surveys import authorization
from koko_surveys.analytics.ptable import MAX_PERTURBATION, variance
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.i18n import pick
from koko_surveys.instrument import repository as instrument_repository
from koko_surveys.study import loaders
from koko_surveys.study.models import Study as StudyRow
from koko_surveys.study.models import Wave as WaveRow
from koko_surveys.submission.export import QUASI_IDENTIFIERS

if TYPE_CHECKING:
    from koko_surveys.analytics.types import WaveRetention
    from koko_surveys.region.types import Region
    from koko_surveys.release.types import StudyRelease


@strawberry.type(description="A wave of a study: reference date, field window, instruments.")
class Wave:
    id: strawberry.ID
    code: str
    label: str
    position: int
    reference_date: date
    field_opens_date: date
    field_closes_date: date
    closed: bool
    required_consent_scopes: list[str]

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
        )


@strawberry.type(description="A sample or cohort of a study.")
class Cohort:
    code: str
    label: str
    kind: str


@strawberry.type(description="A published, immutable version of an instrument.")
class InstrumentVersion:
    id: strawberry.ID
    instrument: str
    version: int
    reference: str = strawberry.field(description="What submissions name: `code@version`.")
    form_version: str | None
    questions: JSON


@strawberry.type(description="An indicator stored with its study (conditions over answers).")
class IndicatorDefinition:
    code: str
    label: str | None
    numerator: JSON
    denominator: JSON
    public: bool


@strawberry.type(
    description="Disclosure rules applied to every aggregate and export of a study (only an "
    "admin changes them, never below the floors: minCellCount 3, kAnonymity 5)."
)
class DisclosureRules:
    method: str = strawberry.field(
        description="How counts are protected: always `cell_key` (threshold + perturbation)."
    )
    min_cell_count: int
    max_perturbation: int = strawberry.field(
        description="Bound of the cell key perturbation of a count (±)."
    )
    perturbation_variance: float = strawberry.field(
        description="Variance of the perturbation of a count of 2 or more."
    )
    min_rate_denominator: int
    k_anonymity: int
    quasi_identifiers: list[str] = strawberry.field(
        description="What the microdata export releases and computes k over (all of it)."
    )
    release_min_submissions: int = strawberry.field(
        description="New submissions a release needs since the previous one."
    )
    reviewed_free_text: list[str] = strawberry.field(
        description="Free-text questions reviewed for release in exports (on request)."
    )


@strawberry.type(description="One parameter changed: its value before and after.")
class ParameterChange:
    parameter: str
    before: JSON
    after: JSON


@strawberry.type(description="A change of a study's disclosure parameters (by an admin).")
class DisclosureChange:
    changed_at: datetime | None
    changes: list[ParameterChange]


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
    )


@strawberry.federation.type(
    keys=["id"], description="A survey study of a region (e.g. Verbleib Schulabgänger)."
)
class Study:
    id: strawberry.ID
    code: str
    kind: str
    region_ars: str
    status: str
    aggregates_public: bool
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
        row = await loaders.studies_by_id(info.context).load(local_id(id, "Study"))
        if row is None or not authorization.can_see(info.context.actor, row):
            return None
        return cls.from_row(row)

    @strawberry.field
    def title(self, info: Info[SurveysContext, None], lang: Lang = None) -> str | None:
        return pick(self.row.title, lang or info.context.language)

    @strawberry.field(description="The region of the study (resolved by the offers subgraph).")
    def region(self) -> Annotated[Region, strawberry.lazy("koko_surveys.region.types")] | None:
        from koko_surveys.region.types import Region

        return Region(ars=self.region_ars)

    @strawberry.field
    def disclosure(self) -> DisclosureRules:
        return disclosure_rules(self.row)

    @strawberry.field
    async def waves(self, info: Info[SurveysContext, None]) -> list[Wave]:
        rows = await loaders.waves_by_study(info.context).load(self.row.id)
        return [Wave.from_row(w) for w in rows]

    @strawberry.field
    async def cohorts(self, info: Info[SurveysContext, None]) -> list[Cohort]:
        rows = await loaders.cohorts_by_study(info.context).load(self.row.id)
        return [Cohort(code=c.code, label=c.label, kind=c.kind) for c in rows]

    @strawberry.field
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

    @strawberry.field
    async def indicators(self, info: Info[SurveysContext, None]) -> list[IndicatorDefinition]:
        internal = authorization.can_read_internal_aggregates(info.context.actor, self.row)
        rows = await loaders.indicators_by_study(info.context).load(self.row.id)
        return [
            IndicatorDefinition(
                code=d.code,
                label=pick(d.label, info.context.language),
                numerator=d.numerator,  # type: ignore[arg-type]
                denominator=d.denominator,  # type: ignore[arg-type]
                public=d.public,
            )
            for d in rows
            if d.public or internal
        ]

    @strawberry.field(
        description="Subjects interviewed per wave and retained since the first wave."
    )
    async def retention(
        self, info: Info[SurveysContext, None]
    ) -> list[Annotated[WaveRetention, strawberry.lazy("koko_surveys.analytics.types")]]:
        from koko_surveys.analytics import service
        from koko_surveys.analytics.types import WaveRetention

        session = info.context.session
        results = await service.retention(session, info.context.actor, self.row)
        return [WaveRetention.from_result(r) for r in results]

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

    @strawberry.field(description="Releases of the study, oldest first (date and cut-off).")
    async def releases(
        self, info: Info[SurveysContext, None]
    ) -> list[Annotated[StudyRelease, strawberry.lazy("koko_surveys.release.types")]]:
        from koko_surveys.release import repository as release_repository
        from koko_surveys.release.types import StudyRelease

        session = info.context.session
        rows = await release_repository.of_study(session, self.row.id)
        internal = authorization.can_read_internal_aggregates(info.context.actor, self.row)
        return [StudyRelease.from_row(r, internal=internal) for r in rows]


@strawberry.type
class StudyEdge:
    cursor: str
    node: Study


@strawberry.type
class StudyConnection:
    edges: list[StudyEdge]
    page_info: PageInfo
    total_count: int
