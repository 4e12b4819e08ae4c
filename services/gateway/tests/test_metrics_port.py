"""`/metrics` is not public (issue 17): a real gateway process serves it on its own port
(GATEWAY_METRICS_PORT, loopback by default) and answers 404 for it on the public one."""

from __future__ import annotations

from pathlib import Path

import httpx
from processes import gateway_process
from servers import ServerThread, free_port

from koko_gateway.settings import GatewaySettings


def test_metrics_are_served_on_their_own_port_only(
    supergraph_sdl: str, tmp_path: Path, subgraph_servers: dict[str, ServerThread]
) -> None:
    metrics_port = free_port()
    with gateway_process(supergraph_sdl, tmp_path, metrics_port=str(metrics_port)) as (url, _):
        answered = httpx.post(f"{url}/graphql", json={"query": "{ color }"})
        public = httpx.get(f"{url}/metrics")
        private = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics")
    assert answered.json() == {"data": {"color": "RED"}}
    assert public.status_code == 404
    assert private.status_code == 200
    assert 'koko_gateway_operation_seconds_count{operation="anonymous",outcome="ok"} 1.0' in (
        private.text
    )
    assert 'http_requests_total{method="POST",route="/graphql",service="gateway"' in private.text


def test_the_metrics_port_defaults_beside_the_service_port_on_loopback() -> None:
    assert GatewaySettings().metrics_listen_port == 9000
    assert GatewaySettings(port=8100).metrics_listen_port == 9100
    assert GatewaySettings().metrics_host == "127.0.0.1"
    assert GatewaySettings(metrics_port=0).metrics_listen_port is None
