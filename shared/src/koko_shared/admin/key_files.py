"""JSON key files changed safely: one writer at a time, never half-written, owner-only."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def editing(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the file's JSON object for changes and write it back atomically (mode 0600) when the
    block ends without error. A lock file keeps two `koko-admin` runs from losing an update."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with (path.parent / f".{path.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
        yield data
        write_private(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def write_private(path: Path, content: str) -> None:
    """Write via a temporary file created 0600, then rename over `path` (readers see the old or
    the new file, never a part)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)
    temporary.replace(path)


def read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text())
    return data
