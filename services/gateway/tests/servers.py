"""Real HTTP servers for tests: an ASGI app served by uvicorn on a free loopback port, in a
thread with its own event loop, that can be stopped and started again on the same port."""

from __future__ import annotations

import socket
import threading
from typing import Any

import uvicorn

from koko_shared.testing.waiting import wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerThread:
    def __init__(self, app: Any, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    def start(self) -> None:
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        server, thread = self.server, self.thread

        def started() -> bool:
            if not thread.is_alive():
                raise RuntimeError(f"server on port {self.port} stopped while starting")
            return bool(server.started)

        wait_until(started, seconds=10, what=f"server on port {self.port} started")

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(timeout=10)
        self.server = None
        self.thread = None
