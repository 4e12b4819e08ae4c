"""Where webhooks may go. A partner names a URL; Koko must never be made to send requests into
its own network (loopback, private and link-local ranges, cloud metadata services). The URL is
checked when the subscription is made, and the address actually connected to is checked again on
every delivery (see `transport.py`), so a DNS answer that changes later cannot redirect it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from urllib.parse import urlsplit

from koko_shared.errors import DomainError, ErrorCode, InvalidInput

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network
# Resolves a host name to its addresses (all of them); tests pass their own.
Resolver = Callable[[str], Awaitable[list[str]]]

MAX_URL_LENGTH = 1000
# Names that reach a cloud provider's instance metadata (credentials!) or the machine itself,
# whatever a DNS server answers for them.
BLOCKED_HOST_NAMES = frozenset(
    {
        "localhost",
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.com",
        "instance-data",
        "instance-data.ec2.internal",
        "kubernetes.default",
        "kubernetes.default.svc",
    }
)
BLOCKED_HOST_SUFFIXES = (".localhost", ".internal", ".local", ".svc.cluster.local")
_NAT64 = IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = IPv6Network("::/96")


class BlockedDestination(DomainError):
    """The destination is an address Koko does not send webhooks to."""

    code = ErrorCode.BLOCKED_DESTINATION
    status = 422


@dataclass(frozen=True, slots=True)
class DestinationPolicy:
    """Addresses in `allowed` are accepted even where they would be blocked (a development or
    test receiver on loopback, a partner inside an operator's own network)."""

    allowed: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls, networks: Iterable[str]) -> DestinationPolicy:
        return cls(tuple(ip_network(n, strict=False) for n in networks))

    def permits(self, address: IPAddress) -> bool:
        plain = _embedded_ipv4(address) or address
        if any(plain in net or address in net for net in self.allowed):
            return True
        return not is_internal(address)


def _embedded_ipv4(address: IPAddress) -> IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4, Teredo, compatible)."""
    if isinstance(address, IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64 or address in _IPV4_COMPATIBLE:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def is_internal(address: IPAddress) -> bool:
    """True for every address that is not a public unicast destination on the internet."""
    embedded = _embedded_ipv4(address)
    if embedded is not None and is_internal(embedded):
        return True
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return False  # judged by the IPv4 address it stands for
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
        or not address.is_global
    )


def _ipv4_number(part: str) -> int | None:
    """One part of a legacy IPv4 spelling: decimal, 0x-hex or 0-octal (as inet_aton and the
    WHATWG URL standard read them), or None when the part is not a number."""
    if part[:2].lower() == "0x":
        digits, base = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    if digits == "" and base == 16:
        return 0
    try:
        return int(digits, base) if digits.isalnum() else None
    except ValueError:
        return None


def numeric_host(host: str) -> IPAddress | None:
    """The address a host written as a number stands for, in every spelling a resolver or
    browser accepts (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`, `[::ffff:7f00:1]`), or None
    for a host name. Raises InvalidInput for a number that is no address (`1.2.3.4.5`)."""
    try:
        return ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts = parts[:-1]
    if not parts or _ipv4_number(parts[-1]) is None:
        return None  # a name: its last label is not a number
    numbers = [_ipv4_number(p) for p in parts]
    if len(parts) > 4 or any(n is None for n in numbers):
        raise InvalidInput("url has a host that is neither a name nor an address", field="url")
    values = [n for n in numbers if n is not None]
    if any(v > 255 for v in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        raise InvalidInput("url has a host that is neither a name nor an address", field="url")
    value = values[-1]
    for index, number in enumerate(values[:-1]):
        value += number << (8 * (3 - index))
    return IPv4Address(value)


@dataclass(frozen=True, slots=True)
class Destination:
    scheme: str
    host: str
    port: int


def parse(url: str, *, require_https: bool) -> Destination:
    """The URL's own rules: absolute http(s), a host, no credentials, a valid port."""
    if len(url) > MAX_URL_LENGTH:
        raise InvalidInput(
            "url must be at most {limit} characters", field="url", params={"limit": MAX_URL_LENGTH}
        )
    if any(ord(c) < 0x21 or c == "\\" for c in url):
        raise InvalidInput("url must not contain spaces, control characters or '\\'", field="url")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput("url is not a valid URL", field="url") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("url must be an absolute http(s) URL", field="url")
    if require_https and parts.scheme != "https":
        raise InvalidInput("url must use https", field="url")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise InvalidInput("url must not contain a user name or password", field="url")
    host = parts.hostname.rstrip(".").lower()
    return Destination(parts.scheme, host, port or (443 if parts.scheme == "https" else 80))


def _blocked_name(host: str) -> bool:
    return host in BLOCKED_HOST_NAMES or host.endswith(BLOCKED_HOST_SUFFIXES)


async def system_resolver(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


ALLOW_SETTING = "OFFERS_WEBHOOK_ALLOWED_NETWORKS"


def _refuse(host: str) -> BlockedDestination:
    return BlockedDestination(
        f"webhooks are not sent to internal or reserved addresses such as {host[:100]}; for a "
        f"local receiver in development, add its network to {ALLOW_SETTING} "
        '(e.g. ["127.0.0.1/32"])',
        field="url",
    )


async def addresses(
    destination: Destination, policy: DestinationPolicy, resolve: Resolver
) -> list[IPAddress]:
    """Every address the host stands for, all permitted, or BlockedDestination. A name that
    resolves to several addresses is refused when any one is internal (a rebinding attacker
    controls the order). Resolver errors (OSError) pass through."""
    literal = numeric_host(destination.host)
    if literal is not None:
        if not policy.permits(literal):
            raise _refuse(destination.host)
        return [literal]
    if destination.host == "localhost" or destination.host.endswith(".localhost"):
        resolved: list[IPAddress] = [IPv4Address("127.0.0.1")]  # RFC 6761: never asked of DNS
    elif _blocked_name(destination.host):
        raise _refuse(destination.host)
    else:
        resolved = [ip_address(a.split("%", 1)[0]) for a in await resolve(destination.host)]
    if not resolved or not all(policy.permits(a) for a in resolved):
        raise _refuse(destination.host)
    return resolved


def names_a_host(url: str) -> bool:
    """Whether the URL's host is a name (not an address in any spelling)."""
    try:
        host = parse(url, require_https=False).host
        return numeric_host(host) is None and not _blocked_name(host) and host != "localhost"
    except InvalidInput:
        return False


def check_subscription_url(url: str, *, policy: DestinationPolicy, require_https: bool) -> str:
    """Refuse a URL whose host is written as an internal address or is a name that always means
    one (`localhost`, `*.internal`, cloud metadata). A name is never resolved here: an answer that
    depended on the DNS would tell a caller which names resolve inside Koko's network. Every
    delivery resolves the name and refuses an internal address then (`transport.py`)."""
    destination = parse(url, require_https=require_https)
    literal = numeric_host(destination.host)
    if literal is not None:
        if not policy.permits(literal):
            raise _refuse(destination.host)
    elif destination.host == "localhost" or destination.host.endswith(".localhost"):
        if not policy.permits(IPv4Address("127.0.0.1")):
            raise _refuse(destination.host)
    elif _blocked_name(destination.host):
        raise _refuse(destination.host)
    return url
