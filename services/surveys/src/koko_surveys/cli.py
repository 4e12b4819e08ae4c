"""`koko-surveys`: run the surveys service alone; `koko-surveys purge` applies retention (and
drops the rows of exports whose pages expired),
`koko-surveys end-panel <study id>` destroys a study's pseudonym salt at panel end."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import ALL_REGIONS, Actor, Grant, Role
from koko_shared.http.server import serve
from koko_shared.startup import refusing_to_start
from koko_surveys.app import create_app
from koko_surveys.settings import SurveysSettings


async def _purge(settings: SurveysSettings) -> int:
    from koko_shared.database.engine import create_engine, create_sessionmaker
    from koko_shared.service import database_url
    from koko_surveys.app import SPEC
    from koko_surveys.export.repository import clear_rows_before
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
            # Pages of an export are read right away; later its rows only keep data around
            # (what each analyst received stays for the next export's check).
            await clear_rows_before(
                session, datetime.now(UTC) - timedelta(hours=settings.export_page_hours)
            )
    finally:
        await engine.dispose()
    return removed


# The operator running a command on the server (audited under this subject).
OPERATOR = Actor(subject="koko-surveys-cli", grants=(Grant(Role.ADMIN, ALL_REGIONS),))


async def end_panel(sessionmaker: async_sessionmaker[AsyncSession], study_id: UUID) -> bool:
    """Panel end: the study's salt is destroyed, so no new submission links to its subjects.
    False when there is no such study."""
    from koko_surveys.study import repository as study_repository
    from koko_surveys.subject.service import destroy_key

    async with sessionmaker() as session, session.begin():
        study = await study_repository.get(session, study_id)
        if study is None:
            return False
        await destroy_key(session, OPERATOR, study)
    return True


async def _end_panel(settings: SurveysSettings, study_id: UUID) -> bool:
    from koko_shared.database.engine import create_engine, create_sessionmaker
    from koko_shared.service import database_url
    from koko_surveys.app import SPEC

    engine = create_engine(database_url(SPEC, settings))
    try:
        return await end_panel(create_sessionmaker(engine), study_id)
    finally:
        await engine.dispose()


def main() -> None:
    with refusing_to_start("koko-surveys"):
        settings = SurveysSettings()
    if sys.argv[1:] == ["purge"]:
        removed = asyncio.run(_purge(settings))
        print(f"purged {removed} submissions past their study's retention")
        return
    if sys.argv[1:2] == ["end-panel"] and len(sys.argv) == 3:
        if not asyncio.run(_end_panel(settings, UUID(sys.argv[2]))):
            sys.exit(f"no study {sys.argv[2]}")
        print(f"study {sys.argv[2]}: pseudonym salt destroyed, it takes no new data")
        return
    if settings.workers > 1:
        # Each worker builds the app itself, from the same environment.
        serve(
            "koko_surveys.cli:_app_from_environment",
            settings,
            factory=True,
            workers=settings.workers,
        )
        return
    with refusing_to_start("koko-surveys"):
        app = create_app(settings)
    serve(app, settings)


def _app_from_environment() -> object:
    return create_app(SurveysSettings())


if __name__ == "__main__":
    main()
