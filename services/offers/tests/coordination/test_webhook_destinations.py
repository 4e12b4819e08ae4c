"""Webhooks cannot be turned against Koko's own network (SSRF): hostile URLs are refused at
subscription, the address actually connected is checked on every delivery (DNS rebinding),
redirects are not followed, and partners see outcome classes, never raw errors."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks import Webhook

from koko_offers.change_log import service as change_log
from koko_offers.settings import OffersSettings
from koko_offers.webhook.destination import (
    BlockedDestination,
    DestinationPolicy,
    check_subscription_url,
)
from koko_offers.webhook.dispatcher import Dispatcher
from koko_offers.webhook.service import WebhookRules
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.errors import InvalidInput
from koko_shared.testing.identity import TestTokens

from .conftest import BOERDE, MAGDEBURG, Catalogue

EDITOR = Actor(subject="editor")
HOSTILE_ADDRESSES = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8001/graphql",
    "http://127.0.0.1./",
    "http://127.254.1.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://017700000001/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[2002:7f00:1::1]/",
    "http://[::127.0.0.1]/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://metadata/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://[ff02::1]/",
    "http://255.255.255.255/",
]
MALFORMED = [
    "ftp://partner.example/",
    "file:///etc/passwd",
    "gopher://partner.example/",
    "http://user:pw@partner.example/",
    "http://user@partner.example/",
    "http://partner.example@127.0.0.1/",
    "http://partner.example\\@127.0.0.1/",
    "http://partner.example /",
    "http://1.2.3.4.5/",
    "http://256.256.256.256/",
    "http://partner.example:99999/",
    "/relative/path",
    "http:///nohost",
]
PUBLIC = "93.184.216.34"


def resolver(table: dict[str, list[str]]) -> Any:
    async def resolve(host: str) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


async def _check(url: str, policy: DestinationPolicy = DestinationPolicy()) -> str:
    return check_subscription_url(url, policy=policy, require_https=False)


@pytest.mark.parametrize("url", HOSTILE_ADDRESSES)
async def test_internal_destinations_are_refused_at_subscription(url: str) -> None:
    with pytest.raises(BlockedDestination) as refused:
        await _check(url)
    assert refused.value.code == "BLOCKED_DESTINATION"
    assert refused.value.field == "url"


@pytest.mark.parametrize("url", MALFORMED)
async def test_urls_that_are_not_plain_http_destinations_are_refused(url: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        await _check(url)
    assert refused.value.field == "url"


@pytest.mark.parametrize(
    "url",
    [
        "https://partner.example/hooks",  # does not resolve yet: every delivery checks again
        f"http://{PUBLIC}/hooks",
        "https://[2606:2800:220:1::1]:8443/hooks",
    ],
)
async def test_public_destinations_are_accepted(url: str) -> None:
    assert await _check(url) == url


async def test_a_subscription_answer_never_depends_on_name_resolution() -> None:
    # given: names resolving to internal, mixed, public addresses and not at all (the machine's
    # own resolver is not asked: these names exist nowhere)
    urls = [
        f"https://{host}.partner.example/"
        for host in ("intranet", "mixed", "v6", "fine", "nowhere")
    ]
    # when / then: all are answered alike; each delivery resolves and refuses internal ones
    assert [await _check(url) for url in urls] == urls


async def test_a_refused_address_names_the_setting_that_admits_a_local_receiver() -> None:
    # when
    refusals = []
    for url in ("http://127.0.0.1:9000/hook", "http://localhost/hook", "http://10.1.2.3/"):
        with pytest.raises(BlockedDestination) as refused:
            await _check(url)
        refusals.append(refused.value.message)
    # then
    assert all("OFFERS_WEBHOOK_ALLOWED_NETWORKS" in message for message in refusals)
    assert all("resolve" not in message for message in refusals)


async def test_the_allow_list_admits_a_local_receiver_and_nothing_else() -> None:
    policy = DestinationPolicy.from_settings(["127.0.0.1/32"])
    assert await _check("http://127.0.0.1:9000/hook", policy)
    assert await _check("http://localhost:9000/hook", policy)
    for url in ("http://127.0.0.2/", "http://10.0.0.1/", "http://169.254.169.254/"):
        with pytest.raises(BlockedDestination):
            await _check(url, policy)


def test_allow_list_entries_must_be_networks() -> None:
    with pytest.raises(ValueError, match="webhook_allowed_networks"):
        OffersSettings(webhook_allowed_networks=["localhost"])


CREATE = """
mutation($input: WebhookSubscriptionCreateInput!) {
  webhookSubscriptionCreate(input: $input) {
    subscription { id } secret errors { field code message }
  }
}
"""
DELIVERIES = """
query { webhookDeliveries(first: 10) {
  edges { node { deliveryId status attempts lastStatusCode lastOutcome } }
} }
"""


async def _subscribe(
    client: httpx.AsyncClient, headers: dict[str, str], url: str, region: str = MAGDEBURG
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={
            "query": CREATE,
            "variables": {
                "input": {"regionArs": region, "url": url, "eventTypes": ["OFFER_UPDATED"]}
            },
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return dict(response.json()["data"]["webhookSubscriptionCreate"])


async def test_the_api_refuses_hostile_urls_without_storing_them(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="attacker")
    # when
    answers = [
        await _subscribe(client, partner, url)
        for url in (
            "http://169.254.169.254/latest/meta-data/",
            "http://2130706433/",
            "http://[::1]/",
        )
    ]
    rest = await client.post(
        "/webhooks/subscriptions",
        json={"regionArs": MAGDEBURG, "url": "http://0x7f.1/", "eventTypes": ["offer.updated"]},
        headers=partner,
    )
    # then
    assert [a["errors"][0]["code"] for a in answers] == ["BLOCKED_DESTINATION"] * 3
    assert all(a["subscription"] is None and a["secret"] is None for a in answers)
    assert rest.status_code == 422
    assert rest.json()["type"].endswith("BLOCKED_DESTINATION")
    count = await session.execute(text("SELECT count(*) FROM webhook_subscription"))
    assert count.scalar_one() == 0


async def test_subscriptions_per_account_are_limited(
    app: FastAPI, client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given: a quota of two
    await catalogue.region(MAGDEBURG)
    app.state.webhook_rules = WebhookRules.from_settings(
        OffersSettings(webhook_max_subscriptions_per_owner=2)
    )
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="greedy")
    other = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="modest")
    # when
    answers = [await _subscribe(client, partner, f"https://p.example/{n}") for n in range(3)]
    others = await _subscribe(client, other, "https://o.example/1")
    # then
    assert [a["errors"] for a in answers[:2]] == [[], []]
    assert answers[2]["errors"][0]["code"] == "QUOTA_EXCEEDED"
    assert "at most 2" in answers[2]["errors"][0]["message"]
    assert others["errors"] == []


async def test_subscriptions_per_organisation_and_region_are_limited(
    app: FastAPI, client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given: a quota of three per organisation and region, and six accounts of one organisation
    await catalogue.region(MAGDEBURG)
    await catalogue.region(BOERDE)
    app.state.webhook_rules = WebhookRules.from_settings(
        OffersSettings(
            webhook_max_subscriptions_per_owner=20, webhook_max_subscriptions_per_organization=3
        )
    )
    accounts = [
        tokens.for_actor(
            Actor(
                subject=f"jobcenter-{n}",
                grants=(
                    Grant(Role.PARTNER, MAGDEBURG, organization="jobcenter"),
                    Grant(Role.PARTNER, BOERDE, organization="jobcenter"),
                ),
            )
        )
        for n in range(6)
    ]
    elsewhere = tokens.for_role(Role.PARTNER, MAGDEBURG, organization="vhs", subject="vhs-1")
    # when
    answers = [
        await _subscribe(client, account, f"https://p.example/{n}")
        for n, account in enumerate(accounts)
    ]
    other_region = await _subscribe(client, accounts[5], "https://p.example/b", region=BOERDE)
    other_organisation = await _subscribe(client, elsewhere, "https://v.example/1")
    # then: three for the organisation in Magdeburg, whichever account asks
    assert [a["errors"] for a in answers[:3]] == [[], [], []]
    assert {a["errors"][0]["code"] for a in answers[3:]} == {"QUOTA_EXCEEDED"}
    assert "per organisation and region" in answers[3]["errors"][0]["message"]
    assert other_region["errors"] == [] and other_organisation["errors"] == []


async def test_one_change_fans_out_to_a_bounded_number_of_deliveries(
    client: httpx.AsyncClient,
    catalogue: Catalogue,
    tokens: TestTokens,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: three subscriptions and a cap of two deliveries per change
    from koko_offers.webhook import service

    monkeypatch.setattr(service, "MAX_DELIVERIES_PER_CHANGE", 2)
    await catalogue.region(MAGDEBURG)
    for n in range(3):
        partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject=f"p{n}")
        assert (await _subscribe(client, partner, f"https://p{n}.example/"))["errors"] == []
    offer, _ = await catalogue.language_course(start=date(2027, 1, 4))
    # when
    await change_log.record(
        session, EDITOR, entity="offer", entity_id=offer.id, action="updated", region_ars=MAGDEBURG
    )
    # then
    rows = await session.execute(text("SELECT subscription_id FROM webhook_delivery"))
    assert len(set(rows.scalars())) == 2


@dataclass
class Receiver:
    """A partner endpoint on loopback that records what reaches it."""

    status: int = 200
    location: str | None = None
    received: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                receiver.received.append({"headers": dict(self.headers.items()), "body": body})
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def receivers() -> Iterator[list[Receiver]]:
    started: list[Receiver] = []
    yield started
    for receiver in started:
        receiver.stop()


def _receiver(receivers: list[Receiver], **options: Any) -> Receiver:
    receiver = Receiver(**options)
    receiver.start()
    receivers.append(receiver)
    return receiver


@dataclass
class Scenario:
    app: FastAPI
    client: httpx.AsyncClient
    session: AsyncSession
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: OffersSettings
    partner: dict[str, str]
    catalogue: Catalogue

    async def subscribe(self, url: str, rules: WebhookRules) -> str:
        self.app.state.webhook_rules = rules
        answer = await _subscribe(self.client, self.partner, url)
        assert answer["errors"] == [], answer
        return str(answer["secret"])

    async def change_and_dispatch(self, rules: WebhookRules) -> list[dict[str, Any]]:
        offer, _ = await self.catalogue.language_course(start=date(2027, 1, 4))
        await change_log.record(
            self.session,
            EDITOR,
            entity="offer",
            entity_id=offer.id,
            action="updated",
            region_ars=MAGDEBURG,
        )
        await self.session.commit()
        settings = self.settings.model_copy(
            update={"webhook_timeout_seconds": 1.0, "webhook_max_attempts": 3}
        )
        await Dispatcher(self.sessionmaker, settings, rules=rules).run_once()
        response = await self.client.post(
            "/graphql", json={"query": DELIVERIES}, headers=self.partner
        )
        return [e["node"] for e in response.json()["data"]["webhookDeliveries"]["edges"]]


@pytest.fixture
async def scenario(
    app: FastAPI,
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: OffersSettings,
    catalogue: Catalogue,
    tokens: TestTokens,
) -> Scenario:
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="partner")
    return Scenario(app, client, session, sessionmaker, settings, partner, catalogue)


def _rules(allowed: list[str], table: dict[str, list[str]]) -> WebhookRules:
    return WebhookRules.from_settings(
        OffersSettings(webhook_allowed_networks=allowed), resolve=resolver(table)
    )


async def test_delivery_connects_to_the_checked_address_with_the_original_host(
    scenario: Scenario, receivers: list[Receiver]
) -> None:
    # given: partner.test resolves to the loopback receiver, which the allow-list admits
    receiver = _receiver(receivers)
    rules = _rules(["127.0.0.1/32"], {"partner.test": ["127.0.0.1"]})
    secret = await scenario.subscribe(f"http://partner.test:{receiver.port}/hook", rules)
    # when
    [delivery] = await scenario.change_and_dispatch(rules)
    # then
    assert delivery["status"] == "DELIVERED"
    [request] = receiver.received
    assert request["headers"]["Host"] == f"partner.test:{receiver.port}"
    assert Webhook(secret).verify(request["body"], request["headers"])["type"] == "offer.updated"


async def test_dns_rebinding_after_subscription_is_blocked_at_delivery(
    scenario: Scenario, receivers: list[Receiver]
) -> None:
    # given: at subscription the name points at a public address ...
    receiver = _receiver(receivers)
    table = {"rebind.test": [PUBLIC]}
    rules = _rules([], table)
    await scenario.subscribe(f"http://rebind.test:{receiver.port}/hook", rules)
    # ... and then at loopback, where something listens
    table["rebind.test"] = ["127.0.0.1"]
    # when
    [delivery] = await scenario.change_and_dispatch(rules)
    # then: nothing reached it, and the partner reads what a name without any address gives
    # (the delivery log must not tell which names resolve inside Koko's network)
    assert receiver.received == []
    assert (delivery["status"], delivery["lastOutcome"]) == ("PENDING", "DNS_FAILURE")
    assert delivery["lastStatusCode"] is None


async def test_rows_stored_before_the_rules_are_blocked_at_delivery(
    scenario: Scenario, receivers: list[Receiver]
) -> None:
    # given: a subscription to a loopback receiver, accepted under an allow-list that is gone
    receiver = _receiver(receivers)
    await scenario.subscribe(f"http://127.0.0.1:{receiver.port}/hook", _rules(["127.0.0.1/32"], {}))
    # when
    [delivery] = await scenario.change_and_dispatch(_rules([], {}))
    # then
    assert receiver.received == []
    assert delivery["lastOutcome"] == "BLOCKED_DESTINATION"


async def test_redirects_are_not_followed(scenario: Scenario, receivers: list[Receiver]) -> None:
    # given: the receiver redirects to another local server
    target = _receiver(receivers)
    receiver = _receiver(receivers, status=307, location=f"http://127.0.0.1:{target.port}/x")
    rules = _rules(["127.0.0.1/32"], {})
    await scenario.subscribe(f"http://127.0.0.1:{receiver.port}/hook", rules)
    # when
    [delivery] = await scenario.change_and_dispatch(rules)
    # then
    assert len(receiver.received) == 1 and target.received == []
    assert (delivery["status"], delivery["lastOutcome"], delivery["lastStatusCode"]) == (
        "PENDING",
        "HTTP_STATUS",
        307,
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield int(sock.getsockname()[1])
    sock.close()


@pytest.mark.parametrize("case", ["refused", "timeout", "tls", "status", "dns"])
async def test_partners_see_outcome_classes_not_error_texts(
    case: str, scenario: Scenario, receivers: list[Receiver], silent_port: int
) -> None:
    # given
    failing = _receiver(receivers, status=500)
    url, expected = {
        "refused": (f"http://127.0.0.1:{_closed_port()}/", ("CONNECTION_REFUSED", None)),
        "timeout": (f"http://127.0.0.1:{silent_port}/", ("TIMEOUT", None)),
        "tls": (f"https://127.0.0.1:{failing.port}/", ("TLS", None)),
        "status": (f"http://127.0.0.1:{failing.port}/", ("HTTP_STATUS", 500)),
        "dns": ("http://nowhere.test/", ("DNS_FAILURE", None)),
    }[case]
    rules = _rules(["127.0.0.1/32"], {})
    await scenario.subscribe(url, rules)
    # when
    [delivery] = await asyncio.wait_for(scenario.change_and_dispatch(rules), timeout=20)
    # then
    assert (delivery["lastOutcome"], delivery["lastStatusCode"]) == expected
    assert delivery["status"] == "PENDING"  # retried later
