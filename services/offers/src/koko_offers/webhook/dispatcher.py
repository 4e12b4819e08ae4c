"""The background dispatcher: claims due deliveries from the outbox, signs and POSTs them, and
records the outcome. It runs in every replica of the service; state lives only in PostgreSQL, so
a restart loses nothing and several replicas never send the same claimed row at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import structlog
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_offers.settings import OffersSettings
from koko_offers.webhook import repository, signing
from koko_offers.webhook.destination import BlockedDestination, names_a_host, parse
from koko_offers.webhook.repository import ClaimedDelivery
from koko_offers.webhook.service import WebhookRules
from koko_offers.webhook.transport import DestinationUnresolvable, guarded_client
from koko_shared.errors import InvalidInput

log = logging.getLogger("koko.offers.webhooks")
PURGE_INTERVAL_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    base_seconds: float
    max_seconds: float
    max_attempts: int

    def delay(self, attempts: int) -> float | None:
        """Seconds until the next attempt after `attempts` failed ones, None to give up."""
        if attempts >= self.max_attempts:
            return None
        return float(min(self.base_seconds * 2 ** (attempts - 1), self.max_seconds))


class Dispatcher:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: OffersSettings,
        *,
        rules: WebhookRules | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.rules = rules or WebhookRules.from_settings(settings)
        self.policy = RetryPolicy(
            settings.webhook_retry_base_seconds,
            settings.webhook_retry_max_seconds,
            settings.webhook_max_attempts,
        )
        self._client = client
        self._stopping = asyncio.Event()

    async def run_once(self) -> int:
        """Claim one batch and send it; returns how many deliveries were attempted."""
        async with self.sessionmaker() as session, session.begin():
            claimed = await repository.claim_due(
                session,
                limit=self.settings.webhook_batch_size,
                lease_seconds=self.settings.webhook_lease_seconds,
            )
        if not claimed:
            return 0
        client = self._client or guarded_client(
            self.rules.policy, self.settings.webhook_timeout_seconds, self.rules.resolve
        )
        try:
            await asyncio.gather(*(self._send(client, d) for d in claimed))
        finally:
            if self._client is None:
                await client.aclose()
        return len(claimed)

    async def _send(self, client: httpx.AsyncClient, delivery: ClaimedDelivery) -> None:
        status, outcome = await self._post(client, delivery)
        if outcome is None:
            async with self.sessionmaker() as session, session.begin():
                await repository.mark_delivered(session, delivery.id, status_code=status or 0)
            return
        # A blocked destination stays blocked: no retries against it.
        retry = None if outcome == "BLOCKED_DESTINATION" else self.policy.delay(delivery.attempts)
        # The request that made the change, so its edit and its failed delivery read together.
        with structlog.contextvars.bound_contextvars(request_id=delivery.request_id or None):
            log.warning(
                "webhook delivery failed",
                extra={"delivery_id": str(delivery.id), "outcome": outcome, "retry_in": retry},
            )
        async with self.sessionmaker() as session, session.begin():
            await repository.mark_attempt_failed(
                session, delivery.id, status_code=status, outcome=outcome, retry_in_seconds=retry
            )

    async def _post(
        self, client: httpx.AsyncClient, delivery: ClaimedDelivery
    ) -> tuple[int | None, str | None]:
        """(HTTP status, None) when delivered, else (status or None, outcome class)."""
        secret = self.rules.box.decrypt(delivery.secret_encrypted)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Koko-Webhooks/1",
            **signing.headers(secret, str(delivery.id), delivery.body),
        }
        try:
            # Rows older than the URL rules are checked again (credentials, scheme).
            parse(delivery.url, require_https=self.rules.require_https)
            async with client.stream(
                "POST",
                delivery.url,
                content=delivery.body.encode(),
                headers=headers,
                timeout=self.settings.webhook_timeout_seconds,
                follow_redirects=False,
            ) as response:
                # The body is never read: a receiver cannot make Koko download anything.
                status = response.status_code
        except (BlockedDestination, InvalidInput):
            # A name with no public address reads like one with no address at all: the log
            # must not tell a partner which names resolve inside Koko's network.
            return None, "DNS_FAILURE" if names_a_host(delivery.url) else "BLOCKED_DESTINATION"
        except DestinationUnresolvable:
            return None, "DNS_FAILURE"
        except httpx.TimeoutException:
            return None, "TIMEOUT"
        except httpx.HTTPError as exc:
            return None, _connection_outcome(exc)
        return (status, None) if 200 <= status < 300 else (status, "HTTP_STATUS")

    async def purge(self) -> int:
        async with self.sessionmaker() as session, session.begin():
            return await repository.purge_finished(
                session, older_than_days=self.settings.webhook_retention_days
            )

    async def run_forever(self) -> None:
        next_purge = 0.0
        while not self._stopping.is_set():
            try:
                if time.monotonic() >= next_purge:
                    await self.purge()
                    next_purge = time.monotonic() + PURGE_INTERVAL_SECONDS
                attempted = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be briefly away; keep the loop alive
                log.exception("webhook dispatcher iteration failed")
                attempted = 0
            if attempted < self.settings.webhook_batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._stopping.wait(), timeout=self.settings.webhook_poll_seconds
                    )

    def stop(self) -> None:
        self._stopping.set()


@asynccontextmanager
async def webhook_dispatcher(app: FastAPI, settings: OffersSettings) -> AsyncIterator[None]:
    """Run the dispatcher beside the app for its lifetime (when enabled)."""
    if not settings.webhook_dispatcher_enabled:
        yield
        return
    dispatcher = Dispatcher(app.state.sessionmaker, settings, rules=app.state.webhook_rules)
    task = asyncio.create_task(dispatcher.run_forever(), name="webhook-dispatcher")
    app.state.webhook_dispatcher = dispatcher
    try:
        yield
    finally:
        dispatcher.stop()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _connection_outcome(exc: BaseException) -> str:
    """The class of a connection failure, from the chain of causes (never its text)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError | ssl.CertificateError):
            return "TLS"
        if isinstance(seen, ConnectionRefusedError):
            return "CONNECTION_REFUSED"
        seen = seen.__cause__ or seen.__context__
    text = str(exc).lower()  # anyio folds the OSError of each address into one message
    if "certificate" in text or "ssl" in text or "tls" in text:
        return "TLS"
    if "refused" in text:
        return "CONNECTION_REFUSED"
    return "CONNECTION_FAILED"
