"""The offers service refuses oversized request bodies while they stream (shared body guard)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx


async def test_an_oversized_streamed_graphql_body_is_refused_with_413(
    client: httpx.AsyncClient,
) -> None:
    # given: 2 MB streamed in chunks, without a Content-Length
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "padding": "'
        for _ in range(32):
            yield b"x" * 65536
        yield b'"}'

    # when
    response = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    # then
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:koko:problem:PAYLOAD_TOO_LARGE"
