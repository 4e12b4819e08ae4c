"""The surveys subgraph schema: root query, mutations and federated entities."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import federation_schema
from koko_surveys.analytics.queries import AnalyticsQueries
from koko_surveys.export.mutations import PanelAccessMutations
from koko_surveys.indicator.mutations import IndicatorMutations
from koko_surveys.ingest.mutations import SubmissionMutations
from koko_surveys.instrument.mutations import InstrumentMutations
from koko_surveys.plan.mutations import TablePlanMutations
from koko_surveys.region.types import LanguageCourseSupply, Offer, Region
from koko_surveys.release.mutations import ReleaseMutations
from koko_surveys.study.disclosure_mutations import StudyDisclosureMutations
from koko_surveys.study.mutations import StudyMutations
from koko_surveys.study.queries import StudyQueries
from koko_surveys.study.types import Study
from koko_surveys.wave.mutations import WaveMutations


@strawberry.type
class Query(StudyQueries, AnalyticsQueries):
    pass


@strawberry.type
class Mutation(
    StudyMutations,
    WaveMutations,
    IndicatorMutations,
    InstrumentMutations,
    SubmissionMutations,
    ReleaseMutations,
    TablePlanMutations,
    StudyDisclosureMutations,
    PanelAccessMutations,
):
    pass


schema = federation_schema(
    query=Query,
    mutation=Mutation,
    types=[Region, Offer, Study, LanguageCourseSupply],
)
