"""`koko-offers`: run the offers service alone. `koko-offers purge` empties the webhook outbox of
finished deliveries past their retention; `koko-offers reencrypt-webhook-secrets` encrypts every
stored webhook signing secret with the first key of OFFERS_WEBHOOK_SECRET_KEY (after a rotation,
before the old key leaves the setting)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.http.server import serve
from koko_shared.startup import refusing_to_start


async def _in_transaction(
    settings: OffersSettings, job: Callable[[AsyncSession], Awaitable[int]]
) -> int:
    """Run one maintenance job in its own transaction on the service's database."""
    from koko_offers.app import SPEC
    from koko_shared.database.engine import create_engine, create_sessionmaker
    from koko_shared.service import database_url

    engine = create_engine(database_url(SPEC, settings), pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await job(session)
    finally:
        await engine.dispose()


async def _purge(settings: OffersSettings) -> int:
    """Remove finished webhook deliveries older than `webhook_retention_days` (the dispatcher does
    this too; the command is for a CronJob or cron when the dispatcher is switched off)."""
    from koko_offers.webhook.repository import purge_finished

    return await _in_transaction(
        settings,
        lambda session: purge_finished(session, older_than_days=settings.webhook_retention_days),
    )


async def _reencrypt(settings: OffersSettings) -> int:
    from koko_offers.webhook.service import reencrypt_secrets
    from koko_offers.webhook.signing import SecretBox

    box = SecretBox(settings.webhook_secret_key)
    return await _in_transaction(settings, lambda session: reencrypt_secrets(session, box))


def main() -> None:
    with refusing_to_start("koko-offers"):
        settings = OffersSettings()
    if sys.argv[1:] == ["purge"]:
        removed = asyncio.run(_purge(settings))
        print(f"purged {removed} finished webhook deliveries from the outbox")
        return
    if sys.argv[1:] == ["reencrypt-webhook-secrets"]:
        count = asyncio.run(_reencrypt(settings))
        print(f"re-encrypted {count} webhook signing secrets with the first configured key")
        return
    if settings.workers > 1:
        # Each worker builds the app itself, from the same environment.
        serve(
            "koko_offers.cli:_app_from_environment",
            settings,
            factory=True,
            workers=settings.workers,
        )
        return
    with refusing_to_start("koko-offers"):
        app = create_app(settings)
    serve(app, settings)


def _app_from_environment() -> object:
    return create_app(OffersSettings())


if __name__ == "__main__":
    main()
