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


def _should_mask(error: GraphQLError) -> bool:
    """Domain errors (a client's own mistake) keep their message; everything else is masked."""
    return not isinstance(error.original_error, DomainError) and error.original_error is not None


def federation_schema(
    *,
    query: type,
    mutation: type | None = None,
    types: list[Any] | None = None,
    mask_errors: bool = True,
) -> Schema:
    extensions: list[Any] = [lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH)]
    if mask_errors:
        extensions.append(lambda: MaskErrors(should_mask_error=_should_mask))
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
