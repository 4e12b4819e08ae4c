"""The offers subgraph schema: root query, mutations and federated entities."""

from __future__ import annotations

import strawberry

from koko_offers.planning.queries import PlanningQueries
from koko_offers.region.queries import RegionQueries
from koko_offers.region.types import Region
from koko_offers.stale_offer.queries import StaleOfferQueries
from koko_shared.graphql.schema import federation_schema


@strawberry.type
class Query(RegionQueries, PlanningQueries, StaleOfferQueries):
    pass


schema = federation_schema(query=Query, types=[Region])
