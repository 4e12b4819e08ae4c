"""A real gateway process (`python -m koko_gateway.cli`) on a free loopback port, for tests that
need what only a process shows: its resident memory, replicas sharing a store."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from servers import free_port
from subgraphs import identity

from koko_shared.testing.waiting import wait_until


@contextmanager
def gateway_process(
    supergraph_sdl: str, data_dir: Path, **settings: str
) -> Iterator[tuple[str, int]]:
    """The gateway's base URL and process id; `settings` as GATEWAY_<NAME> variables."""
    supergraph = data_dir / "supergraph.graphql"
    supergraph.write_text(supergraph_sdl)
    port = free_port()
    env = {
        **os.environ,
        "GATEWAY_ENVIRONMENT": "test",
        "GATEWAY_DATA_DIR": str(data_dir),
        "GATEWAY_IDENTITY_PRIVATE_KEY": identity.SIGNING_KEY_PEM,
        "GATEWAY_METRICS_PORT": str(free_port()),
        **{f"GATEWAY_{name.upper()}": value for name, value in settings.items()},
    }
    command = [sys.executable, "-m", "koko_gateway.cli", "--supergraph", str(supergraph)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:

        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError("the gateway process exited while starting")
            try:
                return httpx.get(url + "/readyz", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(ready, seconds=30, what="the gateway process ready")
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)
