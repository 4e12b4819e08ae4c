"""The surveys demo as `koko-admin demo load` and `make run` load it: registered as the entry
point `surveys` of the group `koko.demo` (pyproject), so koko_shared finds it without importing
the service by name."""

from __future__ import annotations

from sqlalchemy.engine import URL

from koko_shared.admin.demo import DemoFacts
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_surveys.demo import load_demo
from koko_surveys.demo.loader import demo_ingest_path, demo_studies


async def load(url: URL) -> DemoFacts:
    """Load the surveys demo; the demo study ids go into the integrator key, the batch path of a
    wave open today into what `make run` prints."""
    engine = create_engine(url, pool_size=4)
    try:
        await load_demo(create_sessionmaker(engine))
        async with create_sessionmaker(engine)() as session:
            studies = await demo_studies(session)
            ingest_path = await demo_ingest_path(session)
    finally:
        await engine.dispose()
    return DemoFacts(study_ids=tuple(str(study.id) for study in studies), ingest_path=ingest_path)
