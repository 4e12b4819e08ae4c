"""`make stop` stops the embedded PostgreSQL that `make run` leaves running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from koko_shared.testing.throwaway_server import ThrowawayServer

ROOT = Path(__file__).resolve().parents[2]


def _stop(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "local" / "stop.py")],
        env=os.environ | {"KOKO_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_make_stop_stops_the_embedded_server_and_keeps_its_data() -> None:
    # given a running server in a Koko data folder
    server = ThrowawayServer(data_folder="pg")
    try:
        server.start()
        assert (server.pgdata / "postmaster.pid").exists()
        # when `make stop` runs
        result = _stop(server.folder)
        # then the server is down, its data still there, and a second stop says so
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Stopped the embedded PostgreSQL" in result.stdout
        assert not (server.pgdata / "postmaster.pid").exists()
        assert (server.pgdata / "PG_VERSION").exists()
        again = _stop(server.folder)
        assert again.returncode == 0
        assert "is not running" in again.stdout
    finally:
        server.remove()
