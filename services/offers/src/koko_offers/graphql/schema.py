"""The offers subgraph schema: root query, mutations and federated entities."""

from __future__ import annotations

import strawberry

from koko_offers.actor.mutations import ActorMutations
from koko_offers.actor.queries import ActorQueries
from koko_offers.change_log.queries import ChangeLogQueries
from koko_offers.code_list.queries import CodeListQueries
from koko_offers.course_run.mutations import CourseRunMutations
from koko_offers.course_run.queries import CourseRunQueries
from koko_offers.course_run.types import CourseRun
from koko_offers.course_type.queries import CourseTypeQueries
from koko_offers.field_of_action.queries import FieldOfActionQueries
from koko_offers.graphql.node_queries import NodeQueries
from koko_offers.location.mutations import LocationMutations
from koko_offers.meeting.mutations import MeetingMutations
from koko_offers.meeting.queries import FollowUpQueries
from koko_offers.network.queries import NetworkQueries
from koko_offers.offer.mutations import OfferMutations
from koko_offers.offer.queries import OfferQueries
from koko_offers.offer.types import Offer
from koko_offers.pathway.mutations import PathwayMutations
from koko_offers.pathway.queries import PathwayQueries
from koko_offers.planning.queries import PlanningQueries
from koko_offers.provider.mutations import ProviderMutations
from koko_offers.provider.queries import ProviderQueries
from koko_offers.provider.types import Provider
from koko_offers.region.queries import RegionQueries
from koko_offers.region.types import Region
from koko_offers.search_synonym.mutations import SearchSynonymMutations
from koko_offers.search_synonym.queries import SearchSynonymQueries
from koko_offers.stale_offer.queries import StaleOfferQueries
from koko_offers.suggestion.queries import SuggestionQueries
from koko_offers.taxonomy.queries import TaxonomyQueries
from koko_offers.tie.mutations import TieMutations
from koko_offers.tie.queries import TieQueries
from koko_offers.translation.mutations import TranslationMutations
from koko_offers.webhook.mutations import WebhookMutations
from koko_offers.webhook.queries import WebhookQueries
from koko_offers.working_group.mutations import WorkingGroupMutations
from koko_offers.working_group.queries import WorkingGroupQueries
from koko_shared.graphql.column_fields import serve_column_fields
from koko_shared.graphql.direct_resolvers import resolve_directly
from koko_shared.graphql.schema import federation_schema


@strawberry.type(
    description="Reading the catalogue, its code lists, the planning views and the actor network."
)
class Query(
    NodeQueries,
    RegionQueries,
    OfferQueries,
    CourseRunQueries,
    ProviderQueries,
    PathwayQueries,
    CourseTypeQueries,
    TaxonomyQueries,
    PlanningQueries,
    StaleOfferQueries,
    WebhookQueries,
    ChangeLogQueries,
    SearchSynonymQueries,
    CodeListQueries,
    SuggestionQueries,
    FieldOfActionQueries,
    ActorQueries,
    WorkingGroupQueries,
    TieQueries,
    FollowUpQueries,
    NetworkQueries,
):
    pass


@strawberry.type(description="Changing the catalogue (typed errors in every payload).")
class Mutation(
    ProviderMutations,
    LocationMutations,
    OfferMutations,
    CourseRunMutations,
    PathwayMutations,
    TranslationMutations,
    WebhookMutations,
    SearchSynonymMutations,
    ActorMutations,
    TieMutations,
    WorkingGroupMutations,
    MeetingMutations,
):
    pass


schema = federation_schema(
    query=Query, mutation=Mutation, types=[Region, Offer, Provider, CourseRun]
)
# An offer page resolves the title, provider, location and next start of every offer: without
# Strawberry's per-field wrapper (plain scalar arguments only; checked here, at import).
resolve_directly(schema, "Offer")
# Fields that are a plain attribute (an offer's id and status, a provider's name, ...) are read
# and coerced without graphql-core's per-field machinery (koko_shared.graphql.column_fields).
serve_column_fields(schema)
