"""The surveys subgraph schema: root query, mutations and federated entities."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import federation_schema


@strawberry.type
class Query:
    @strawberry.field
    def surveys_version(self) -> str:
        return "1"


schema = federation_schema(query=Query)
