"""Federation v2 subgraph schema factory with the limits and masking every subgraph needs."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, QueryDepthLimiter
from strawberry.federation import Schema

from koko_shared.errors import DomainError

# The newest Federation version the composition used in CI (@theguild/federation-composition
# 0.27) accepts; strawberry's default is newer.
FEDERATION_VERSION = "2.9"
MAX_QUERY_DEPTH = 15


def should_mask(error: GraphQLError) -> bool:
    """Only unexpected failures are masked. A client's own mistakes keep their message: domain
    errors, and GraphQL errors such as a missing or mistyped variable (graphql-core wraps the
    coercion error as `original_error`)."""
    original = error.original_error
    return original is not None and not isinstance(original, DomainError | GraphQLError)


def federation_schema(
    *,
    query: type,
    mutation: type | None = None,
    types: list[Any] | None = None,
    mask_errors: bool = True,
) -> Schema:
    extensions: list[Any] = [lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH)]
    if mask_errors:
        extensions.append(lambda: MaskErrors(should_mask_error=should_mask))
    return Schema(
        query=query,
        mutation=mutation,
        types=types or [],
        extensions=extensions,
        federation_version=FEDERATION_VERSION,  # type: ignore[arg-type]
    )


# Value types every subgraph returns: shareable, so the supergraph composes.
@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.federation.type(
    shareable=True, description="An expected failure of a mutation: which input, what, why."
)
class MutationError:
    field: str | None
    code: str
    message: str
