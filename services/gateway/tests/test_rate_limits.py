"""Rate limits at the gateway shared through Redis (issue 17): two gateway processes against one
Redis share one budget; when Redis is unreachable the gateway keeps answering and limits each
client in its own memory."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import httpx
from conftest import gateway_settings, open_gateway
from processes import gateway_process
from servers import ServerThread

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.dev_idp import DevIdentityProvider
from koko_shared.settings import ServiceSettings
from koko_shared.testing.services import needs_redis

QUERY = {"query": "{ color }"}


def _coordinator_token(data_dir: Path) -> str:
    """A token of a new subject from the development IdP both processes trust (the data folder)."""
    defaults = ServiceSettings()
    idp = DevIdentityProvider(
        data_dir / "dev-idp", issuer=defaults.jwt_issuer, audience=defaults.jwt_audience
    )
    grant = Grant(Role.COORDINATOR, "150030000000")
    return idp.token(Actor(f"coordinator-{uuid.uuid4()}", (grant,)))


@needs_redis
def test_two_gateway_processes_with_one_redis_share_one_budget(
    supergraph_sdl: str, tmp_path: Path, subgraph_servers: dict[str, ServerThread]
) -> None:
    # given: two replicas, 10 requests a minute, one Redis
    token = _coordinator_token(tmp_path)
    limits = {"rate_limit_per_minute": "10", "rate_limit_redis_url": "redis://127.0.0.1:6379/0"}
    headers = {"Authorization": f"Bearer {token}"}
    with (
        gateway_process(supergraph_sdl, tmp_path, **limits) as (first, _),
        gateway_process(supergraph_sdl, tmp_path, **limits) as (second, _),
    ):
        # when: the client alternates between them
        statuses = [
            httpx.post(f"{(first, second)[n % 2]}/graphql", json=QUERY, headers=headers).status_code
            for n in range(14)
        ]
    # then: 10 answered in all, not 10 at each
    assert statuses == [200] * 10 + [429] * 4


async def test_with_redis_unreachable_the_gateway_answers_and_limits_in_memory(
    supergraph_sdl: str,
) -> None:
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
    settings = gateway_settings(rate_limit_per_minute=3, rate_limit_redis_url=dead)
    async for client in open_gateway(supergraph_sdl, settings):
        responses = [await client.http.post("/graphql", json=QUERY) for _ in range(5)]
        assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
        assert responses[0].json() == {"data": {"color": "RED"}}
        assert responses[3].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
