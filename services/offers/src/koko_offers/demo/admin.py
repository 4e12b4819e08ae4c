"""The offers demo as `koko-admin demo load` and `make run` load it: registered as the entry
point `offers` of the group `koko.demo` (pyproject), so koko_shared finds it without importing
the service by name."""

from __future__ import annotations

from sqlalchemy.engine import URL

from koko_offers.demo import demo_provider_id, load_demo
from koko_shared.admin.demo import DemoFacts
from koko_shared.database.engine import create_engine, create_sessionmaker


async def load(url: URL) -> DemoFacts:
    """Load the offers demo; the demo provider's id goes into the provider's token."""
    engine = create_engine(url, pool_size=4)
    try:
        await load_demo(create_sessionmaker(engine))
    finally:
        await engine.dispose()
    return DemoFacts(provider_id=str(demo_provider_id()))
