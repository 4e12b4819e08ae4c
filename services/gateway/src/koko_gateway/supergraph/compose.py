"""Python entry to supergraph composition: runs `deploy/federation/compose.mjs` under Node.

Used by `deploy/federation/compose.py`, by the gateway's development mode, and by tests that
compose their own small subgraphs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

COMPOSE_SCRIPT_ENV = "KOKO_COMPOSE_SCRIPT"
NODE_DIR_ENV = "KOKO_NODE_DIR"


class CompositionError(Exception):
    """The subgraphs do not compose; `errors` holds the composer's messages."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("composition failed:\n" + "\n".join(errors))
        self.errors = errors


class ComposerUnavailable(Exception):
    """Node or the composition script is missing on this machine."""


@dataclass(frozen=True, slots=True)
class SubgraphSource:
    name: str
    url: str
    sdl: str


def repository_root() -> Path:
    """The monorepo root: the nearest parent holding `deploy/federation/compose.mjs`."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "deploy" / "federation" / "compose.mjs").exists():
            return parent
    return Path.cwd()


def compose_script() -> Path:
    configured = os.environ.get(COMPOSE_SCRIPT_ENV)
    if configured:
        return Path(configured)
    return repository_root() / "deploy" / "federation" / "compose.mjs"


def node_dir() -> Path:
    configured = os.environ.get(NODE_DIR_ENV)
    return Path(configured) if configured else repository_root() / ".koko" / "node"


def node_available() -> bool:
    return shutil.which("node") is not None and compose_script().exists()


def ensure_composer_installed() -> Path:
    """Install the pinned composer into `.koko/node` (what `make` does) when it is missing."""
    if not node_available():
        raise ComposerUnavailable("node or deploy/federation/compose.mjs not found")
    target = node_dir()
    marker = target / "node_modules" / "@theguild" / "federation-composition" / "package.json"
    if marker.exists():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise ComposerUnavailable("npm not found; run `make compose` on a machine with Node")
    source = compose_script().parent
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(source / name, target / name)
    subprocess.run(
        [npm, "ci", "--silent", "--no-audit", "--no-fund"], cwd=target, check=True, timeout=300
    )
    return target


def compose_supergraph(subgraphs: list[SubgraphSource], *, timeout: float = 120.0) -> str:
    """Compose the subgraphs into a supergraph SDL, or raise CompositionError."""
    target = ensure_composer_installed()
    payload = {"subgraphs": [{"name": s.name, "url": s.url, "sdl": s.sdl} for s in subgraphs]}
    result = subprocess.run(
        ["node", str(compose_script())],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, NODE_DIR_ENV: str(target)},
        check=False,
    )
    if result.returncode != 0:
        errors = [line for line in result.stderr.splitlines() if line.strip()]
        raise CompositionError(errors or [f"composer exited with {result.returncode}"])
    return result.stdout
