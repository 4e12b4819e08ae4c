"""A benchmark's scratch folder (keys, data folders, indexes, a supergraph file): made in the
system's temporary folder and removed when the benchmark's process ends, so that runs leave
nothing behind (one run of the load benchmark left 12 MB, and every import of the gateway
benchmark a private key)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_folder(prefix: str) -> Path:
    """A new empty folder, removed with its contents when this process exits."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
