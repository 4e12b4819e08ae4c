"""Public addresses in feeds: the base URL documents are identified by (JSON-LD `@id`), and the
page for people about an offer. Forwarded headers are believed only from trusted proxies: any
client can send them, and an `@id` must not be whatever a client claims."""

from __future__ import annotations

from ipaddress import ip_address, ip_network
from typing import Any

from fastapi import Request

from koko_offers.settings import OffersSettings
from koko_shared.graphql.ids import to_global_id


def _from_trusted_proxy(request: Request, settings: OffersSettings) -> bool:
    if request.client is None or not settings.trusted_proxies:
        return False
    try:
        client = ip_address(request.client.host)
    except ValueError:
        return False
    return any(client in ip_network(n, strict=False) for n in settings.trusted_proxies)


def public_base(request: Request, settings: OffersSettings) -> str:
    """`https://host[:port]` (no trailing slash) under which the public reaches this API."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    scheme, host = request.url.scheme, request.headers.get("host", request.url.netloc)
    if _from_trusted_proxy(request, settings):
        forwarded_proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
        forwarded_host = request.headers.get("x-forwarded-host", "").split(",")[0].strip()
        scheme = forwarded_proto if forwarded_proto in ("http", "https") else scheme
        host = forwarded_host or host
    return f"{scheme}://{host}"


def page_for_people(offer: Any, settings: OffersSettings, language: str) -> str | None:
    """The municipality's page of the offer (template), else the provider's own page."""
    template = settings.public_offer_url_template
    if template:
        return template.format(
            id=offer["id"], globalId=to_global_id("Offer", offer["id"]), lang=language
        )
    return str(offer["url"]) if offer.get("url") else None
