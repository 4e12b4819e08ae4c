"""The supervisor notices a worker that dies while it is being asked whether it is alive at
once, not after the health check's whole wait (koko_shared.http.supervisor): uvicorn waited the
60 s of Koko's health check, and for that time the worker was not replaced."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

from uvicorn import Config
from uvicorn.supervisors import Multiprocess, multiprocess

from koko_shared.http.supervisor import WatchedWorker, supervise


def _answers_once(connection: Connection, answer: bool) -> None:
    """A worker that answers the first health check only, or none (answer False)."""
    if answer:
        connection.recv()
        connection.send(True)
    threading.Event().wait()  # then silent until killed


@contextmanager
def _worker(answer: bool) -> Iterator[WatchedWorker]:
    """A WatchedWorker around a child process of ours (not a uvicorn server)."""
    worker = object.__new__(WatchedWorker)
    worker.parent_conn, worker.child_conn = multiprocessing.Pipe()
    context = multiprocessing.get_context("spawn")
    process = context.Process(target=_answers_once, args=(worker.child_conn, answer), daemon=True)
    worker.process = process  # type: ignore[assignment]
    process.start()
    try:
        yield worker
    finally:
        process.kill()
        process.join()


def test_a_worker_killed_while_asked_is_noticed_at_once() -> None:
    with _worker(answer=False) as worker:
        pid = worker.process.pid
        assert pid is not None
        threading.Timer(0.5, os.kill, (pid, signal.SIGKILL)).start()
        started = time.monotonic()
        answer = worker._healthcheck(timeout=20)
        elapsed = time.monotonic() - started
    assert answer is None
    assert elapsed < 5, elapsed  # uvicorn's own check waited the whole 20 s


def test_a_live_worker_answers_and_a_silent_one_times_out() -> None:
    with _worker(answer=True) as worker:
        assert worker._healthcheck(timeout=20) is True
        started = time.monotonic()
        assert worker._healthcheck(timeout=1) is None  # alive, but silent from now on
        assert 0.9 <= time.monotonic() - started < 5


def test_the_supervisor_makes_watched_workers(monkeypatch: Any) -> None:
    # given: uvicorn's supervisor, not run
    monkeypatch.setattr(multiprocess, "Process", multiprocess.Process)  # restored afterwards
    ran: list[Multiprocess] = []
    monkeypatch.setattr(Multiprocess, "run", lambda self: ran.append(self))
    # when
    supervise(Config(app="koko_offers.app:create_app", workers=2), [])
    # then: every worker it makes (at start, as a replacement, on SIGHUP) is watched
    assert len(ran) == 1
    assert multiprocess.Process is WatchedWorker
