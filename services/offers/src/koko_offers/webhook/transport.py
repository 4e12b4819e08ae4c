"""The HTTP transport of webhook deliveries. It resolves the destination once, refuses internal
addresses, connects to exactly the address it checked (the URL's host still goes out as Host and
TLS server name) and checks the connected peer again; it ignores proxy variables and never
follows redirects. So neither a URL nor a DNS answer that changes after the subscription
(rebinding) can make Koko send a request into its own network."""

from __future__ import annotations

import asyncio
import typing
from ipaddress import ip_address

import httpcore
import httpx
from httpcore import AsyncNetworkBackend, AsyncNetworkStream
from httpcore._backends.anyio import AnyIOBackend

from koko_offers.webhook.destination import (
    BlockedDestination,
    Destination,
    DestinationPolicy,
    Resolver,
    addresses,
    system_resolver,
)


class DestinationUnresolvable(OSError):
    """The destination's name has no address (or the resolver did not answer in time)."""


class GuardedNetworkBackend(AsyncNetworkBackend):
    def __init__(
        self,
        policy: DestinationPolicy,
        resolve: Resolver = system_resolver,
        inner: AsyncNetworkBackend | None = None,
    ) -> None:
        self.policy = policy
        self.resolve = resolve
        self.inner = inner or AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        destination = Destination("", host.strip("[]").rstrip(".").lower(), port)
        try:
            resolved = await asyncio.wait_for(
                addresses(destination, self.policy, self.resolve), timeout=timeout
            )
        except (OSError, TimeoutError) as exc:
            raise DestinationUnresolvable(f"{host} has no address") from exc
        last_error: Exception | None = None
        for address in resolved:
            try:
                stream = await self.inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                last_error = exc
                continue
            peer = stream.get_extra_info("server_addr")
            if peer is None or not self.policy.permits(ip_address(str(peer[0]).split("%")[0])):
                await stream.aclose()
                raise BlockedDestination(f"webhooks cannot be sent to {host}", field="url")
            return stream
        raise last_error or httpcore.ConnectError(f"could not connect to {host}")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        raise BlockedDestination("webhooks are not sent to unix sockets", field="url")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, policy: DestinationPolicy, resolve: Resolver = system_resolver) -> None:
        super().__init__(trust_env=False)
        # httpx builds its pool without a way to pass a network backend; replace it with one
        # that has the guard (same TLS context: certificates are verified for the URL's host).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=self._pool._ssl_context,
            network_backend=GuardedNetworkBackend(policy, resolve),
        )


def guarded_client(
    policy: DestinationPolicy, timeout: float, resolve: Resolver = system_resolver
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=GuardedTransport(policy, resolve),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )
