"""Webhooks survive a crash: a real offers process (uvicorn) is killed between a change and its
delivery and started again; the receiving server sees every change exactly once (a repeat only
ever carries the same webhook-id), and a receiver that was down gets its deliveries once it
is back."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from uuid import UUID

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from standardwebhooks import Webhook

from koko_offers.app import SPEC
from koko_offers.change_log import service as change_log
from koko_offers.settings import OffersSettings
from koko_offers.webhook import service as webhooks
from koko_offers.webhook.service import WebhookRules
from koko_shared.auth.actor import Actor, Role
from koko_shared.database.engine import create_engine
from koko_shared.testing.database import fresh_database
from koko_shared.testing.waiting import wait_until, wait_until_async

from .conftest import MAGDEBURG, Catalogue

pytestmark = pytest.mark.e2e
EDITOR = Actor(subject="editor")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Receipt:
    delivery_id: str
    event: str
    body: str
    headers: dict[str, str]


@dataclass
class Receiver:
    """A partner's HTTP endpoint on a loopback port; it can be down, or hold an answer once."""

    port: int
    receipts: list[Receipt] = field(default_factory=list)
    # Event types whose first delivery is answered only once `release` is set.
    held_once: set[str] = field(default_factory=set)
    release: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                event = orjson.loads(body)["type"]
                receiver.receipts.append(
                    Receipt(self.headers["webhook-id"], event, body, dict(self.headers.items()))
                )
                if event in receiver.held_once:
                    receiver.held_once.discard(event)
                    receiver.release.wait(timeout=120)  # a safety net; the test releases it
                try:
                    self.send_response(200)
                    self.end_headers()
                except OSError:
                    pass  # the sender died meanwhile

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@dataclass
class OffersProcess:
    database_url: URL
    data_dir: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "OFFERS_ENVIRONMENT": "test",
            "OFFERS_DATABASE_URL": self.database_url.render_as_string(hide_password=False),
            "OFFERS_DATA_DIR": str(self.data_dir),
            "OFFERS_WEBHOOK_POLL_SECONDS": "0.1",
            "OFFERS_WEBHOOK_TIMEOUT_SECONDS": "2",
            "OFFERS_WEBHOOK_LEASE_SECONDS": "3",
            "OFFERS_WEBHOOK_RETRY_BASE_SECONDS": "0.2",
            "OFFERS_WEBHOOK_RETRY_MAX_SECONDS": "0.5",
            # the receiver listens on loopback, which webhooks may reach only when allowed
            "OFFERS_WEBHOOK_ALLOWED_NETWORKS": '["127.0.0.1/32"]',
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "koko_offers.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        process = self.process

        def ready() -> bool:
            assert process.poll() is None, "the offers process died on start"
            try:
                return (
                    httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=1).status_code == 200
                )
            except httpx.HTTPError:
                return False

        # Start-up only: imports and migrations are slow on a loaded machine.
        wait_until(ready, seconds=90, what="the offers process ready")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no chance to finish anything."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
async def committed_database(tmp_path: Path) -> AsyncIterator[tuple[URL, AsyncEngine]]:
    # Its own database: these rows are committed, other tests must not see them.
    async with fresh_database("offers_webhooks", SPEC.migrations_dir) as url:
        engine = create_engine(url, pool_size=2)
        try:
            yield url, engine
        finally:
            await engine.dispose()


@pytest.fixture
def processes(
    committed_database: tuple[URL, AsyncEngine], tmp_path: Path
) -> Iterator[list[OffersProcess]]:
    started: list[OffersProcess] = []
    yield started
    for process in started:
        process.kill()


async def _undelivered(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        result = await conn.execute(
            text("SELECT count(*) FROM webhook_delivery WHERE status <> 'delivered'")
        )
        return int(result.scalar_one())


async def _attempts(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        result = await conn.execute(text("SELECT coalesce(sum(attempts), 0) FROM webhook_delivery"))
        return int(result.scalar_one())


async def test_delivery_survives_kill_and_reaches_receiver_that_was_down(
    committed_database: tuple[URL, AsyncEngine],
    processes: list[OffersProcess],
    tmp_path: Path,
) -> None:
    url, engine = committed_database
    maker = async_sessionmaker(engine, expire_on_commit=False)
    receiver = Receiver(_free_port())

    async def change(entity: str, entity_id: UUID, action: str) -> None:
        async with maker() as session, session.begin():
            await change_log.record(
                session,
                EDITOR,
                entity=entity,
                entity_id=entity_id,
                action=action,
                region_ars=MAGDEBURG,
            )

    # given: a published course and a partner subscription (committed)
    async with maker() as session, session.begin():
        catalogue = Catalogue(session)
        offer, run = await catalogue.language_course(start=date(2027, 1, 4))
        created = await webhooks.create_subscription(
            session,
            Actor(subject="partner", grants=(_grant(),)),
            webhooks.NewSubscription(
                region_ars=MAGDEBURG,
                url=f"http://127.0.0.1:{receiver.port}/koko",
                event_types=["offer.updated", "course_run.seats_changed"],
            ),
            rules=WebhookRules.from_settings(
                OffersSettings(webhook_allowed_networks=["127.0.0.1/32"])
            ),
        )
    secret = created.secret
    service = OffersProcess(url, tmp_path / "offers")
    processes.append(service)
    receiver.held_once.add("offer.updated")
    receiver.start()
    service.start()

    # when: the process is killed while it delivers the first change (the receiver holds it)
    await change("offer", offer.id, "updated")
    await wait_until_async(
        lambda: len(receiver.receipts) == 1, seconds=15, what="the first delivery arrived"
    )
    service.kill()
    # the receiver goes down, and a second change happens while the process is dead
    receiver.release.set()
    receiver.stop()
    await change("course_run", run.id, "seats_updated")
    # the process restarts and tries both while the receiver is still down
    service.start()
    await wait_until_async(
        lambda: _at_least(_attempts(engine), 4), seconds=15, what="four delivery attempts"
    )
    assert len(receiver.receipts) == 1
    # the receiver comes back
    receiver.start()
    await wait_until_async(
        lambda: (
            {r.event for r in receiver.receipts} >= {"offer.updated", "course_run.seats_changed"}
        ),
        seconds=15,
        what="both changes received",
    )
    # every delivery row delivered: nothing is left for the process to send again
    await wait_until_async(
        lambda: _at_most(_undelivered(engine), 0), seconds=15, what="every delivery delivered"
    )
    service.kill()
    receiver.stop()

    # then: one delivery id per change, duplicates only as repeats of the same id
    ids_by_event: dict[str, set[str]] = {}
    for receipt in receiver.receipts:
        ids_by_event.setdefault(receipt.event, set()).add(receipt.delivery_id)
        Webhook(secret).verify(receipt.body, receipt.headers)
    assert {event: len(ids) for event, ids in ids_by_event.items()} == {
        "offer.updated": 1,
        "course_run.seats_changed": 1,
    }
    # the first change was received twice (cut off by the kill, then again), with one id
    assert [r.event for r in receiver.receipts].count("offer.updated") == 2
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT id, status FROM webhook_delivery"))).all()
    assert {str(r.id) for r in rows} == {i for ids in ids_by_event.values() for i in ids}
    assert {r.status for r in rows} == {"delivered"}


async def _at_least(count: Awaitable[int], minimum: int) -> bool:
    return await count >= minimum


async def _at_most(count: Awaitable[int], maximum: int) -> bool:
    return await count <= maximum


def _grant() -> object:
    from koko_shared.auth.actor import Grant

    return Grant(role=Role.PARTNER, region=MAGDEBURG)
