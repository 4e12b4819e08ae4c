"""`koko-surveys`: run the surveys service alone (`koko-surveys purge` applies retention)."""

from __future__ import annotations

import asyncio
import sys

from koko_shared.http.server import serve
from koko_surveys.app import create_app
from koko_surveys.settings import SurveysSettings


async def _purge(settings: SurveysSettings) -> int:
    from koko_shared.database.engine import create_engine, create_sessionmaker
    from koko_shared.service import database_url
    from koko_surveys.app import SPEC
    from koko_surveys.study.repository import with_retention
    from koko_surveys.subject.service import purge_expired
    from koko_surveys.submission.repository import forget_old_idempotent_responses

    engine = create_engine(database_url(SPEC, settings))
    removed = 0
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            for study in await with_retention(session):
                removed += await purge_expired(session, study)
            # Retries come within minutes; a day later a stored answer only keeps data around.
            await forget_old_idempotent_responses(session, hours=24)
    finally:
        await engine.dispose()
    return removed


def main() -> None:
    settings = SurveysSettings()
    if sys.argv[1:] == ["purge"]:
        removed = asyncio.run(_purge(settings))
        print(f"purged {removed} submissions past their study's retention")
        return
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()
