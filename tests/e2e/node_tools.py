"""Node tools for end-to-end tests: deploy/federation's pinned npm packages (graphql-http's
audits, Apollo Client) installed into .koko/node by `make`, and scripts run with them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from koko_shared.testing.tools import require_tool

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / ".koko" / "node"


def require_node() -> None:
    """Skip without Node; otherwise make sure the pinned packages are installed (a no-op when
    they are: CI's `make compose-check` installs them first)."""
    require_tool("node")
    subprocess.run(
        ["make", "-s", str(NODE_DIR.relative_to(ROOT) / ".installed")], cwd=ROOT, check=True
    )


def run_node(
    script: Path, *args: str, timeout: float = 180, env: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The JSON lines a Node script prints (its exit code is the test's to judge); `env` adds
    variables to the script's environment."""
    require_node()
    finished = subprocess.run(
        ["node", str(script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PATH": os.environ.get("PATH", ""), "KOKO_NODE_DIR": str(NODE_DIR), **(env or {})},
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    assert lines, f"{script.name} printed nothing (exit {finished.returncode}):\n{finished.stderr}"
    return [json.loads(line) for line in lines]
