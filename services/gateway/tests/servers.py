"""Real HTTP servers for tests: an ASGI app served by uvicorn on a free loopback port, in a
thread with its own event loop, that can be stopped and started again on the same port."""

from __future__ import annotations

import socket
import threading
from typing import Any

import uvicorn

from koko_shared.testing.waiting import wait_until


def bound_socket(port: int) -> socket.socket:
    """A loopback socket bound to `port` (0: any free one), not yet listening."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


def free_port() -> int:
    with bound_socket(0) as sock:
        return int(sock.getsockname()[1])


class ServerThread:
    """The port is held from construction on (a socket bound, handed to uvicorn at start): a port
    that was only looked up as free and bound later could be taken in between, by another test
    worker or by an outgoing connection's ephemeral port (a fresh-clone CI run lost a whole
    worker's gateway tests to "address already in use")."""

    def __init__(self, app: Any, port: int | None = None) -> None:
        self.app = app
        self._socket: socket.socket | None = bound_socket(port or 0)
        self.port = int(self._socket.getsockname()[1])
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
        # Held since construction, or bound again to the same port after a stop.
        sock, self._socket = self._socket or bound_socket(self.port), None
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, daemon=True
        )
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
