"""Webhook signing secrets are encrypted at rest with a key from settings; production refuses
to start without a key of its own; rows stored before encryption are encrypted by the
migration; the subscription quota holds under parallel requests."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from alembic import command
from cryptography.fernet import Fernet
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.app import SPEC
from koko_offers.settings import DEVELOPMENT_WEBHOOK_SECRET_KEY, OffersSettings
from koko_offers.webhook import service as webhooks
from koko_offers.webhook.service import QuotaExceeded, WebhookRules
from koko_offers.webhook.signing import SecretBox
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.migrate import alembic_config
from koko_shared.database.url import drop_database, ensure_database, server_url
from koko_shared.settings import Environment
from koko_shared.testing.database import data_dir_for_tests
from koko_shared.testing.identity import TestTokens
from koko_shared.testing.waiting import wait_until_async

from .conftest import MAGDEBURG, Catalogue

PRODUCTION = {"environment": Environment.PRODUCTION, "identity_secret": "a-real-secret-" * 3}


def test_production_refuses_to_start_without_its_own_key() -> None:
    with pytest.raises(ValidationError, match="webhook_secret_key"):
        OffersSettings(**PRODUCTION)
    with pytest.raises(ValidationError, match="webhook_secret_key"):
        OffersSettings(
            **PRODUCTION,
            webhook_secret_key=f"{Fernet.generate_key().decode()},{DEVELOPMENT_WEBHOOK_SECRET_KEY}",
        )
    with pytest.raises(ValidationError, match="webhook_secret_key"):
        OffersSettings(**PRODUCTION, webhook_secret_key="not-a-fernet-key")
    own = Fernet.generate_key().decode()
    assert OffersSettings(**PRODUCTION, webhook_secret_key=own).webhook_secret_key == own


def test_keys_rotate_the_first_encrypts_and_all_decrypt() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = SecretBox(old).encrypt("whsec_abc")
    rotated = SecretBox(f"{new},{old}")
    assert rotated.decrypt(token) == "whsec_abc"
    assert SecretBox(new).decrypt(rotated.rotate(token)) == "whsec_abc"
    with pytest.raises(ValueError, match="cannot be decrypted"):
        SecretBox(new).decrypt(token)


async def test_the_database_holds_no_plain_secret(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="partner")
    # when
    response = await client.post(
        "/webhooks/subscriptions",
        json={"regionArs": MAGDEBURG, "url": "https://p.example/", "eventTypes": ["offer.updated"]},
        headers=partner,
    )
    secret = response.json()["secret"]
    row = (await session.execute(text("SELECT * FROM webhook_subscription"))).one()._mapping
    # then
    assert secret.startswith("whsec_")
    assert all(secret not in str(value) for value in row.values())
    assert SecretBox(DEVELOPMENT_WEBHOOK_SECRET_KEY).decrypt(row["secret_encrypted"]) == secret


async def test_after_a_rotation_every_stored_secret_is_reencrypted_with_the_new_key(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given: a subscription whose secret is encrypted with the (old) development key
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="partner")
    response = await client.post(
        "/webhooks/subscriptions",
        json={"regionArs": MAGDEBURG, "url": "https://p.example/", "eventTypes": ["offer.updated"]},
        headers=partner,
    )
    secret = response.json()["secret"]
    new = Fernet.generate_key().decode()
    # when: the setting lists the new key first, and the secrets are re-encrypted
    count = await webhooks.reencrypt_secrets(
        session, SecretBox(f"{new},{DEVELOPMENT_WEBHOOK_SECRET_KEY}")
    )
    # then: the new key alone decrypts every secret, so the old key can leave the setting
    stored = (
        await session.execute(text("SELECT secret_encrypted FROM webhook_subscription"))
    ).scalar_one()
    assert count == 1
    assert SecretBox(new).decrypt(stored) == secret


async def test_the_migration_encrypts_secrets_stored_in_plain_text() -> None:
    # given: a database at the revision before encryption, with a plain secret in it
    url = server_url(data_dir_for_tests()).set(database=f"koko_test_offers_{uuid.uuid4().hex[:10]}")
    await ensure_database(url)
    config = alembic_config(SPEC.migrations_dir, url)
    engine = create_engine(url, pool_size=1)
    try:
        await asyncio.to_thread(command.upgrade, config, "0007_distance_pages")
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO region (ars, name, level, lat, lon, settings) "
                    "VALUES ('150030000000', 'Magdeburg', 'district', 52.1, 11.6, '{}')"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO webhook_subscription (id, region_ars, region_prefix, "
                    "owner_subject, url, event_types, secret, active) VALUES (gen_random_uuid(), "
                    "'150030000000', '15003', 'p', 'https://p.example/', '{offer.updated}', "
                    "'whsec_plain-old-secret', true)"
                )
            )
        # when
        await asyncio.to_thread(command.upgrade, config, "head")
        # then
        async with engine.connect() as conn:
            stored = (
                await conn.execute(text("SELECT secret_encrypted FROM webhook_subscription"))
            ).scalar_one()
        assert "plain-old-secret" not in stored
        assert SecretBox(DEVELOPMENT_WEBHOOK_SECRET_KEY).decrypt(stored) == "whsec_plain-old-secret"
    finally:
        await engine.dispose()
        await drop_database(url)


async def test_parallel_subscriptions_cannot_pass_the_quota_together() -> None:
    # given: a quota of one and two requests of the same partner at the same moment, each in
    # its own transaction on its own connection (a third connection watches the server)
    url = server_url(data_dir_for_tests()).set(database=f"koko_test_offers_{uuid.uuid4().hex[:10]}")
    await ensure_database(url)
    await asyncio.to_thread(command.upgrade, alembic_config(SPEC.migrations_dir, url), "head")
    engine = create_engine(url, pool_size=3)
    rules = WebhookRules.from_settings(OffersSettings(webhook_max_subscriptions_per_owner=1))
    partner = Actor(subject="racer", grants=(Grant(role=Role.PARTNER, region=MAGDEBURG),))
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO region (ars, name, level, lat, lon, settings) "
                    f"VALUES ('{MAGDEBURG}', 'Magdeburg', 'district', 52.1, 11.6, '{{}}')"
                )
            )
        maker = create_sessionmaker(engine)
        first_stored = asyncio.Event()
        tasks: list[asyncio.Task[str]] = []

        async def second_waits_or_is_done() -> bool:
            """The second request waits for a lock the first holds, or has finished."""
            if tasks[1].done():
                return True
            async with engine.connect() as conn:
                waiting = await conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                )
                return bool(waiting.scalar_one())

        async def subscribe(n: int) -> str:
            if n == 2:  # the second starts once the first stored its row, not yet committed
                await first_stored.wait()
            async with maker() as session, session.begin():
                try:
                    await webhooks.create_subscription(
                        session,
                        partner,
                        webhooks.NewSubscription(
                            region_ars=MAGDEBURG,
                            url=f"https://p{n}.example/",
                            event_types=["offer.updated"],
                        ),
                        rules=rules,
                    )
                except QuotaExceeded:
                    return "refused"
                if n == 1:
                    # hold the transaction open until the other runs into it (or got through)
                    first_stored.set()
                    await wait_until_async(
                        second_waits_or_is_done, seconds=30, what="the second request ran"
                    )
                return "created"

        # when
        tasks.extend([asyncio.create_task(subscribe(1)), asyncio.create_task(subscribe(2))])
        outcomes = await asyncio.gather(*tasks)
        # then
        assert sorted(outcomes) == ["created", "refused"]
        async with engine.connect() as conn:
            count = await conn.execute(text("SELECT count(*) FROM webhook_subscription"))
            assert count.scalar_one() == 1
    finally:
        await engine.dispose()
        await drop_database(url)
