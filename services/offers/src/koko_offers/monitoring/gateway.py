"""The public GraphQL endpoint of the gateway, asked anonymously: the report shows what anybody
may read, nothing computed from the service's own tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from koko_shared.errors import DomainError, ErrorCode

TIMEOUT_SECONDS = 30.0


class GatewayUnavailable(DomainError):
    """The gateway did not answer, or answered with errors: the report cannot be made (503)."""

    code = ErrorCode.SERVICE_UNAVAILABLE
    status = 503


@dataclass(frozen=True, slots=True)
class PublicApi:
    """`url`: the gateway's base URL (OFFERS_GATEWAY_URL); `language`: Accept-Language sent."""

    url: str
    language: str
    client: httpx.AsyncClient

    async def ask(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """The `data` of the answer; errors of the answer are this report's 503 (a field the
        report needs is missing), except those `tolerated` by the caller."""
        data, errors = await self.ask_partial(query, variables)
        if errors:
            raise GatewayUnavailable(
                "the public API did not answer the report's question: "
                + "; ".join(str(e.get("message")) for e in errors[:3])
            )
        return data

    async def ask_partial(
        self, query: str, variables: dict[str, Any]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        try:
            response = await self.client.post(
                f"{self.url.rstrip('/')}/graphql",
                json={"query": query, "variables": variables},
                headers={"Accept-Language": self.language, "Accept": "application/json"},
                timeout=TIMEOUT_SECONDS,
            )
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(
                f"the public API at {self.url} cannot be reached ({type(exc).__name__})"
            ) from exc
        if response.status_code != 200:
            raise GatewayUnavailable(f"the public API answered {response.status_code}")
        body = response.json()
        return body.get("data") or {}, list(body.get("errors") or [])
