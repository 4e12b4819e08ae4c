"""uvicorn's supervisor of a service's worker processes, with a health check that notices a
worker dying while it is being asked.

The supervisor asks each worker every half second over a pipe whether it is alive and waits up
to `timeout_worker_healthcheck` for the answer (60 s for Koko's services, see
`koko_shared.http.server.WORKER_HEALTHCHECK_SECONDS`). uvicorn (0.54) waits on the pipe alone,
and the supervisor holds both of its ends, so a worker that dies between the question and its
answer (killed by the kernel's OOM killer, by an operator, by a crash) is noticed only when the
whole wait is over: for 60 s nothing replaces it, and nothing checks the other workers either.
Seen in CI: a worker killed while it was being asked was not replaced within 60 s.

`WatchedWorker` waits for the answer in slices and gives up as soon as the process is gone;
`supervise` runs uvicorn's supervisor with it (uvicorn makes its workers, at start, as
replacements and on SIGHUP, from its module's `Process`)."""

from __future__ import annotations

import pickle
import time
from socket import socket

from uvicorn import Config
from uvicorn.supervisors import Multiprocess, multiprocess
from uvicorn.supervisors.multiprocess import Process

# How often a health check that waits for its answer looks whether the worker is still there.
ALIVE_CHECK_SECONDS = 0.25


class WatchedWorker(Process):
    def _healthcheck(self, timeout: float) -> bool | None:
        """The worker's startup flag, or None if it does not answer within `timeout` or dies
        before it answers (then at once)."""
        try:
            self.parent_conn.send(b"ping")
            deadline = time.monotonic() + timeout
            while not self.parent_conn.poll(
                max(0.0, min(ALIVE_CHECK_SECONDS, deadline - time.monotonic()))
            ):
                if not self.process.is_alive() or time.monotonic() >= deadline:
                    return None
            started: bool = self.parent_conn.recv()
            return started
        except (OSError, EOFError, pickle.UnpicklingError):
            return None


def supervise(config: Config, sockets: list[socket]) -> None:
    """Run `config`'s workers under uvicorn's supervisor, each a `WatchedWorker`."""
    multiprocess.Process = WatchedWorker  # type: ignore[misc]
    Multiprocess(config, sockets=sockets).run()
