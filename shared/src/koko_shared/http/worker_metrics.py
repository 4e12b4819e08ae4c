"""The metrics of a service that runs in several worker processes (`<PREFIX>_WORKERS`): one
service to Prometheus, not one per worker.

Each worker counts its own requests, and one worker answers a scrape: served from one of them,
the figures would jump between workers from scrape to scrape. So the workers write their
metrics to memory-mapped files in one folder (prometheus_client's multiprocess mode, chosen by
`PROMETHEUS_MULTIPROC_DIR` before a worker imports prometheus_client: uvicorn spawns its workers
with the supervisor's environment), and the supervisor serves their sum on the metrics port:
counters and histograms over every worker that ever ran (a restarted worker's counts are not
lost), gauges over the workers running now. A worker's own collectors (admission control) read
live state that no file holds; koko_shared.http.admission_metrics mirrors it into such gauges.

The folder is one named for the service inside the operator's `PROMETHEUS_MULTIPROC_DIR` when
that is set (emptied at start, as prometheus_client requires), else a temporary one removed when
the supervisor stops."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import CollectorRegistry
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector

FOLDER_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# Set by the supervisor for its workers only: a service of one process with the operator's
# PROMETHEUS_MULTIPROC_DIR in its environment serves its own registry, collectors and all.
WORKER_VARIABLE = "KOKO_METRICS_WORKER"


def in_worker_processes() -> bool:
    """True in a worker of several, whose metrics the supervisor serves from the folder."""
    return os.environ.get(WORKER_VARIABLE) == "1"


@contextmanager
def worker_metrics_folder(service: str) -> Iterator[Path]:
    """The folder the workers started inside this block write their metrics to, named in this
    process's environment for them to inherit."""
    given = os.environ.get(FOLDER_VARIABLE)
    if given:
        # A folder of the service's own inside it: services that share one folder would count
        # each other's requests, and empty each other's files at start.
        folder = Path(given) / service
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # Files of an earlier run would be summed with this one's.
            for stale in folder.glob("*.db"):
                stale.unlink()
        except OSError as exc:
            raise SystemExit(
                f"{FOLDER_VARIABLE}={given}: no folder for the workers' metrics there ({exc})"
            ) from None
    else:
        folder = Path(tempfile.mkdtemp(prefix=f"koko-{service}-metrics-"))
    os.environ[FOLDER_VARIABLE] = str(folder)
    os.environ[WORKER_VARIABLE] = "1"
    try:
        yield folder
    finally:
        os.environ.pop(WORKER_VARIABLE, None)
        if given:
            os.environ[FOLDER_VARIABLE] = given
        else:
            os.environ.pop(FOLDER_VARIABLE, None)
            shutil.rmtree(folder, ignore_errors=True)


class WorkersCollector(Collector):
    """The sum of the workers' metrics in `folder`. The live gauges of a worker that no longer
    runs (killed, or restarted by the supervisor after it hung) are dropped first: otherwise a
    replaced worker's places in use and admission limit would be counted beside its
    successor's for ever."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = MultiProcessCollector(None, path=str(folder))

    def collect(self) -> Iterable[Metric]:
        for pid in {_pid_of(file) for file in self.folder.glob("gauge_live*_*.db")}:
            if pid is not None and not running(pid):
                mark_process_dead(pid, str(self.folder))
        return self.files.collect()


def workers_registry(folder: Path) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(WorkersCollector(folder))
    return registry


def _pid_of(file: Path) -> int | None:
    tail = file.stem.rsplit("_", 1)[-1]
    return int(tail) if tail.isdigit() else None


def running(pid: int) -> bool:
    """True while process `pid` runs (a zombie, dead but not yet collected, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (not Linux): ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    # "pid (command) state ...": the command may hold spaces and parentheses.
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"
