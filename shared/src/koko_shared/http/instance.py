"""Which process answered: every response of a subgraph carries `koko-instance`, a random token
drawn once per process (no host name, no PID), so that the gateway can spread its requests over
a subgraph's processes (koko_gateway.execution.http: least requests in flight per instance).

Behind one address a subgraph may be several processes: uvicorn workers sharing a listening
socket (`OFFERS_WORKERS`), or replicas behind a Kubernetes Service. Which process a keep-alive
connection reaches is decided once, when it is accepted, and not evenly: an event loop that
wakes for the listening socket accepts every connection waiting. A gateway that reuses its
newest idle connection then sends two requests at once to one process about half the time while
another idles (docs/benchmarks.md, "Under a crowd: requests spread over the workers")."""

from __future__ import annotations

import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

INSTANCE_HEADER = "koko-instance"


class InstanceHeader:
    """Pure ASGI: adds `koko-instance: <token>` to every HTTP response; the token is drawn when
    the app is built, i.e. once per worker process (each builds its own app)."""

    def __init__(self, app: ASGIApp, instance: str | None = None) -> None:
        self.app = app
        self.instance = instance or secrets.token_hex(6)
        self.header = (INSTANCE_HEADER.encode(), self.instance.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_instance(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), self.header]
            await send(message)

        await self.app(scope, receive, with_instance)
