"""`koko-offers`: run the offers service alone (`koko-offers purge` empties the webhook outbox of
finished deliveries past their retention)."""

from __future__ import annotations

import asyncio
import sys

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.http.server import serve


async def _purge(settings: OffersSettings) -> int:
    """Remove finished webhook deliveries older than `webhook_retention_days` (the dispatcher does
    this too; the command is for a CronJob or cron when the dispatcher is switched off)."""
    from koko_offers.app import SPEC
    from koko_offers.webhook.repository import purge_finished
    from koko_shared.database.engine import create_engine, create_sessionmaker
    from koko_shared.service import database_url

    engine = create_engine(database_url(SPEC, settings), pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await purge_finished(session, older_than_days=settings.webhook_retention_days)
    finally:
        await engine.dispose()


def main() -> None:
    settings = OffersSettings()
    if sys.argv[1:] == ["purge"]:
        removed = asyncio.run(_purge(settings))
        print(f"purged {removed} finished webhook deliveries from the outbox")
        return
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()
