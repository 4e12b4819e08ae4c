"""Migration 0007 gives every existing subject its record key (HMAC of the stored pseudonym under
the study's new salt) and every existing submission its subject's key; downgrading returns to
random keys per row."""

from __future__ import annotations

from sqlalchemy import text

from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.testing.migrations import migrated_database
from koko_surveys.app import SPEC
from koko_surveys.ingest.service import Mode, ingest
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.pseudonym import load_keys
from koko_surveys.subject.record_key import record_key

from .conftest import COORDINATOR, create_setup, pseudonym


async def test_migration_0007_derives_the_keys_of_existing_people(
    settings: SurveysSettings,
) -> None:
    async with migrated_database("surveys_keys", SPEC.migrations_dir) as database:
        engine = create_engine(database.url, pool_size=2)
        try:
            # given: 12 people, 3 of them in both waves, stored before 0007 (random row keys)
            maker = create_sessionmaker(engine)
            setup = await create_setup(maker)
            async with maker() as session, session.begin():
                for wave, numbers in ((setup.wave1, range(12)), (setup.wave2, range(3))):
                    result = await ingest(
                        session,
                        COORDINATOR,
                        study=setup.study,
                        wave=wave,
                        rows=[setup.row(n, submissionId=f"{wave.code}-{n}") for n in numbers],
                        mode=Mode.ATOMIC,
                        keys=load_keys(settings),
                    )
                    assert not result.rejected
            await database.downgrade("0006")
            async with engine.connect() as connection:
                before = await connection.execute(
                    text("SELECT count(DISTINCT record_key) FROM submission")
                )
                assert before.scalar_one() == 15  # one random key per row
            # when
            await database.upgrade()
            # then: one derived key per person, on every row of the person
            async with engine.connect() as connection:
                rows = (
                    await connection.execute(
                        text(
                            "SELECT k.pseudonym, k.record_key AS subject_key, s.record_key, "
                            "t.record_key_salt FROM submission s JOIN subject k "
                            "ON k.id = s.subject_id JOIN study t ON t.id = s.study_id"
                        )
                    )
                ).all()
        finally:
            await engine.dispose()
    assert len(rows) == 15
    for row in rows:
        assert (
            row.record_key
            == row.subject_key
            == record_key(bytes(row.record_key_salt), row.pseudonym)
        )
    assert len({row.record_key for row in rows}) == 12
    assert pseudonym("person-0") != rows[0].pseudonym  # stored pseudonyms are re-keyed
